package host.exosphere.cli;

import picocli.CommandLine.Mixin;

/**
 * A command that talks to a state manager: {@code --uri}/{@code --api-key} (else
 * {@code $EXOSPHERE_STATE_MANAGER_URI}/{@code $EXOSPHERE_API_KEY}) through {@link ServerOptions}.
 */
abstract class ServerCommand extends CliCommand {
  @Mixin ServerOptions server;
}
