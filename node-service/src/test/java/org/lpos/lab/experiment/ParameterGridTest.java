package org.lpos.lab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every combination once, in the order given. */
class ParameterGridTest {
  @Test
  void everyCombinationOnceInOrder() {
    ParameterGrid grid = new ParameterGrid(List.of(4, 7, 4), List.of(4), List.of(0, 1), List.of(100.0, 500.0));

    List<ParameterGrid.Point> points = grid.points();
    assertEquals(8, points.size());
    assertEquals(new ParameterGrid.Point(4, 4, 0, 100), points.get(0));
    assertEquals(new ParameterGrid.Point(4, 4, 0, 500), points.get(1));
    assertEquals(new ParameterGrid.Point(4, 4, 1, 100), points.get(2));
    assertEquals(new ParameterGrid.Point(7, 4, 1, 500), points.get(7));
  }

  @Test
  void anEmptyListIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new ParameterGrid(List.of(4), List.of(), List.of(0), List.of(1.0)));
  }
}
