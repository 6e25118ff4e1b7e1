package org.lpos.discovery;

import java.util.Optional;
import org.lpos.chain.workload.ExperimentSpec;
import org.lpos.proto.v1.Instruction;

/**
 * The instruction a server was configured with ({@code --inst DELAY EXPERIMENT [PARAM]}), checked
 * once at startup against the one workload definition ({@link ExperimentSpec}) so that every node
 * receives a runnable experiment.
 *
 * @param delaySeconds how long nodes wait after receipt before starting
 * @param workload what they run, with its parameter
 */
public record InstructionPlan(long delaySeconds, ExperimentSpec workload) {
  public InstructionPlan {
    if (delaySeconds < 0 || delaySeconds > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "--inst: DELAY must be 0-4294967295 seconds, got " + delaySeconds);
    }
  }

  /** Parses the words of {@code --inst}: DELAY EXPERIMENT and, where the experiment takes one, PARAM. */
  public static InstructionPlan parse(String delay, String experiment, Optional<String> param) {
    long delaySeconds;
    try {
      delaySeconds = Long.parseLong(delay);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--inst: DELAY must be whole seconds, got '" + delay + "'");
    }
    try {
      return new InstructionPlan(delaySeconds, ExperimentSpec.parse(experiment, param));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--inst: " + e.getMessage(), e);
    }
  }

  /** Parses the three words of {@code --inst DELAY EXPERIMENT PARAM}. */
  public static InstructionPlan parse(String delay, String experiment, String param) {
    return parse(delay, experiment, Optional.of(param));
  }

  /** The wire form sent to nodes: the experiment as the proto's enum and its parameter. */
  public Instruction toProto() {
    return Instruction.newBuilder()
        .setDelaySeconds((int) delaySeconds)
        .setExperiment(workload.experiment())
        .setParam(workload.param())
        .build();
  }

  @Override
  public String toString() {
    return delaySeconds + " " + workload;
  }
}
