package host.exosphere.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code exosphere.*} properties: where the state manager is, and how the runtime of the
 * application's {@code @Node} beans runs. {@link PropertyCheck} says which are missing or out of range.
 */
@ConfigurationProperties("exosphere")
public class ExosphereProperties {
  /** The state manager's base URL, e.g. http://localhost:8000. */
  private String uri;
  /** The state manager's API key (its STATE_MANAGER_SECRET). Never logged. */
  private String apiKey;
  /** The namespace the client and the runtime work in; the application's @Node beans must be in it. */
  private String namespace;
  private final Client client = new Client();
  private final RuntimeSettings runtime = new RuntimeSettings();
  private final Graphs graphs = new Graphs();
  private final Health health = new Health();

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }

  public String getApiKey() {
    return apiKey;
  }

  public void setApiKey(String apiKey) {
    this.apiKey = apiKey;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public Client getClient() {
    return client;
  }

  public RuntimeSettings getRuntime() {
    return runtime;
  }

  public Graphs getGraphs() {
    return graphs;
  }

  public Health getHealth() {
    return health;
  }

  @Override
  public String toString() {
    // The API key stays out of every string, even when someone logs the properties.
    return "ExosphereProperties[uri=" + uri + ", namespace=" + namespace + ", runtime=" + runtime.name + "]";
  }

  /** How the client talks to the state manager. */
  public static class Client {
    /** How long one HTTP call may take. */
    private Duration requestTimeout = Duration.ofSeconds(30);
    /** How long connecting may take. */
    private Duration connectTimeout = Duration.ofSeconds(10);
    /** How often an idempotent call is retried after a connection error, 5xx or 429. */
    private int maxRetries = 3;

    public Duration getRequestTimeout() {
      return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public int getMaxRetries() {
      return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
    }
  }

  /** The runtime that executes the application's @Node beans. */
  public static class RuntimeSettings {
    /** Whether to run the application's @Node beans; off, only the client is configured. */
    private boolean enabled = true;
    /** The runtime's name as registered with the state manager; defaults to spring.application.name. */
    private String name;
    /** How many nodes run at once. */
    private int workers = 8;
    /** The most states claimed in one enqueue call. */
    private int batchSize = 16;
    /** How long shutdown waits for claimed states to finish and be reported; what is left is handed back. */
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    /** How long start-up keeps retrying node registration while the state manager fails. */
    private Duration registrationTimeout = Duration.ofSeconds(60);
    /** Reports a state errored when its node runs longer than this (default: no limit). */
    private Duration executionTimeout;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public int getWorkers() {
      return workers;
    }

    public void setWorkers(int workers) {
      this.workers = workers;
    }

    public int getBatchSize() {
      return batchSize;
    }

    public void setBatchSize(int batchSize) {
      this.batchSize = batchSize;
    }

    public Duration getShutdownTimeout() {
      return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
    }

    public Duration getRegistrationTimeout() {
      return registrationTimeout;
    }

    public void setRegistrationTimeout(Duration registrationTimeout) {
      this.registrationTimeout = registrationTimeout;
    }

    public Duration getExecutionTimeout() {
      return executionTimeout;
    }

    public void setExecutionTimeout(Duration executionTimeout) {
      this.executionTimeout = executionTimeout;
    }
  }

  /** Uploading the application's generated graphs when the runtime has started. */
  public static class Graphs {
    /** Whether to upsert every generated graph of the namespace on start and wait for it to be VALID. */
    private boolean upsert;
    /** Secret values by secret name, given to every graph that declares the name. Never logged. */
    private Map<String, String> secrets = new LinkedHashMap<>();

    public boolean isUpsert() {
      return upsert;
    }

    public void setUpsert(boolean upsert) {
      this.upsert = upsert;
    }

    public Map<String, String> getSecrets() {
      return secrets;
    }

    public void setSecrets(Map<String, String> secrets) {
      this.secrets = secrets;
    }
  }

  /** The actuator health indicator. */
  public static class Health {
    /** How long the health check waits for the state manager before reporting it unreachable. */
    private Duration timeout = Duration.ofSeconds(3);

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }
}
