/**
 * Sample graphs that show every feature of Exosphere for Java. They are compiled by the annotation
 * processor in the normal build, and {@link host.exosphere.samples.Demo} runs them all end to end.
 */
package host.exosphere.samples;
