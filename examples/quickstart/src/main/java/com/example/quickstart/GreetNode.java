package com.example.quickstart;

import host.exosphere.annotations.Node;

@Node
public final class GreetNode {
  public record Inputs(String name) {}
  public record Outputs(String greeting) {}

  public Outputs execute(Inputs inputs) {
    return new Outputs("Hello, " + inputs.name() + "!");
  }
}
