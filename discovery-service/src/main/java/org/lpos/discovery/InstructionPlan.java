package org.lpos.discovery;

import org.lpos.proto.v1.Instruction;

/**
 * The instruction a server was configured with ({@code --inst DELAY EXPERIMENT PARAM}), checked
 * once at startup so that every node receives a runnable experiment.
 *
 * @param delaySeconds how long nodes wait after receipt before starting
 * @param experiment what they run
 * @param param the experiment's parameter (a rate R or an output count K)
 */
public record InstructionPlan(long delaySeconds, Experiment experiment, double param) {
  public InstructionPlan {
    if (delaySeconds < 0 || delaySeconds > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "--inst: DELAY must be 0-4294967295 seconds, got " + delaySeconds);
    }
    experiment.checkParam(param);
  }

  /** Parses the three words of {@code --inst}. */
  public static InstructionPlan parse(String delay, String experiment, String param) {
    long delaySeconds;
    double value;
    try {
      delaySeconds = Long.parseLong(delay);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--inst: DELAY must be whole seconds, got '" + delay + "'");
    }
    try {
      value = Double.parseDouble(param);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--inst: PARAM must be a number, got '" + param + "'");
    }
    return new InstructionPlan(delaySeconds, Experiment.parse(experiment), value);
  }

  /** The wire form sent to nodes. */
  public Instruction toProto() {
    return Instruction.newBuilder()
        .setDelaySeconds((int) delaySeconds)
        .setExperiment(experiment.wireName())
        .setParam(param)
        .build();
  }

  @Override
  public String toString() {
    return delaySeconds + " " + experiment.wireName() + " " + param;
  }
}
