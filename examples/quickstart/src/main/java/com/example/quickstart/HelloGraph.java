package com.example.quickstart;

import host.exosphere.annotations.Graph;
import host.exosphere.annotations.Input;
import host.exosphere.annotations.Step;

@Graph(name = "hello", namespace = "quickstart")
public interface HelloGraph {
  @Step
  @Input(name = "name", value = "world")
  GreetNode greet();
}
