package org.lpos.lab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Every combination of the parameter lists of an experiment, e.g. {@code --population 4,7
 * --senate 4,7 --byzantine 0,1 --param 100,500} gives 16 points. Duplicates in a list are
 * dropped; order is population, then senate, then T, then parameter, as given.
 *
 * @param populations nodes in the experiment
 * @param senates senate seats N
 * @param byzantine faulty members T
 * @param params the workload's parameter
 */
public record ParameterGrid(List<Integer> populations, List<Integer> senates, List<Integer> byzantine,
    List<Double> params) {

  /** One combination. */
  public record Point(int population, int senate, int byzantine, double param) {}

  /** Copies the lists without duplicates; every list must be non-empty. */
  public ParameterGrid {
    populations = distinct(populations, "population");
    senates = distinct(senates, "senate");
    byzantine = distinct(byzantine, "byzantine");
    params = distinct(params, "param");
  }

  /** Every combination, in order. */
  public List<Point> points() {
    List<Point> out = new ArrayList<>();
    for (int p : populations) {
      for (int n : senates) {
        for (int t : byzantine) {
          for (double x : params) {
            out.add(new Point(p, n, t, x));
          }
        }
      }
    }
    return out;
  }

  private static <T> List<T> distinct(List<T> values, String name) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("--" + name + " needs at least one value");
    }
    return List.copyOf(new LinkedHashSet<>(values));
  }
}
