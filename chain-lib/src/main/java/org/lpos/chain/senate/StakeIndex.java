package org.lpos.chain.senate;

import com.google.protobuf.ByteString;
import java.util.function.Consumer;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;

/**
 * The UTXO set in draw order with prefix sums (PROTOCOL §5): an AVL tree keyed by
 * {@link OutputKey} in which every node also holds the total value of its subtree. Inserting or
 * removing an output costs O(log n), and finding the output that covers satoshi position
 * {@code k} is one descent, O(log n), so a draw over a million outputs never sorts anything.
 *
 * <p>Deterministic: the tree's shape depends only on the sequence of operations, and the answer
 * of {@link #ownerAt} depends only on the set's contents.
 */
public final class StakeIndex implements StakeLine {
  private Node root;
  private int size;

  /** Number of outputs. */
  public int size() {
    return size;
  }

  /** Total value T of all outputs. */
  @Override
  public long totalValue() {
    return sum(root);
  }

  /** Adds an output; fails fast if its key is already present (an invariant of the ledger). */
  public void add(Utxo utxo) {
    root = insert(root, utxo);
    size++;
  }

  /** Removes the output with {@code key}; fails fast if it is absent. */
  public void remove(OutputKey key) {
    root = delete(root, key);
    size--;
  }

  /**
   * The output covering satoshi position {@code position}, that is the j-th output in draw order
   * with {@code C(j-1) <= position < C(j)}.
   */
  public Utxo utxoAt(long position) {
    if (position < 0 || position >= totalValue()) {
      throw new IllegalArgumentException("position " + position + " outside [0, " + totalValue() + ")");
    }
    Node node = root;
    long offset = position;
    while (true) {
      long leftSum = sum(node.left);
      if (offset < leftSum) {
        node = node.left;
      } else if (offset < leftSum + node.utxo.value()) {
        return node.utxo;
      } else {
        offset -= leftSum + node.utxo.value();
        node = node.right;
      }
    }
  }

  /** The owner of the output covering {@code position}. */
  @Override
  public ByteString ownerAt(long position) {
    return utxoAt(position).owner();
  }

  /** Visits every output in draw order. */
  public void forEachInOrder(Consumer<Utxo> visitor) {
    visit(root, visitor);
  }

  private static void visit(Node node, Consumer<Utxo> visitor) {
    while (node != null) {
      visit(node.left, visitor);
      visitor.accept(node.utxo);
      node = node.right;
    }
  }

  private static final class Node {
    final Utxo utxo;
    Node left;
    Node right;
    int height = 1;
    long sum;

    Node(Utxo utxo) {
      this.utxo = utxo;
      this.sum = utxo.value();
    }
  }

  private static int height(Node n) {
    return n == null ? 0 : n.height;
  }

  private static long sum(Node n) {
    return n == null ? 0 : n.sum;
  }

  private static Node update(Node n) {
    n.height = 1 + Math.max(height(n.left), height(n.right));
    n.sum = Math.addExact(Math.addExact(sum(n.left), sum(n.right)), n.utxo.value());
    return n;
  }

  private static Node rotateRight(Node n) {
    Node l = n.left;
    n.left = l.right;
    l.right = update(n);
    return update(l);
  }

  private static Node rotateLeft(Node n) {
    Node r = n.right;
    n.right = r.left;
    r.left = update(n);
    return update(r);
  }

  private static Node balance(Node n) {
    update(n);
    int diff = height(n.left) - height(n.right);
    if (diff > 1) {
      if (height(n.left.left) < height(n.left.right)) {
        n.left = rotateLeft(n.left);
      }
      return rotateRight(n);
    }
    if (diff < -1) {
      if (height(n.right.right) < height(n.right.left)) {
        n.right = rotateRight(n.right);
      }
      return rotateLeft(n);
    }
    return n;
  }

  private static Node insert(Node n, Utxo utxo) {
    if (n == null) {
      return new Node(utxo);
    }
    int c = utxo.key().compareTo(n.utxo.key());
    if (c == 0) {
      throw new IllegalStateException("output already indexed: " + utxo.key());
    }
    if (c < 0) {
      setLeft(n, insert(n.left, utxo));
    } else {
      setRight(n, insert(n.right, utxo));
    }
    return balance(n);
  }

  private static Node delete(Node n, OutputKey key) {
    if (n == null) {
      throw new IllegalStateException("output not indexed: " + key);
    }
    int c = key.compareTo(n.utxo.key());
    if (c < 0) {
      setLeft(n, delete(n.left, key));
    } else if (c > 0) {
      setRight(n, delete(n.right, key));
    } else {
      if (n.left == null) {
        return n.right;
      }
      if (n.right == null) {
        return n.left;
      }
      Node min = n.right;
      while (min.left != null) {
        min = min.left;
      }
      Node replacement = new Node(min.utxo);
      replacement.right = deleteMin(n.right);
      replacement.left = n.left;
      return balance(replacement);
    }
    return balance(n);
  }

  private static Node deleteMin(Node n) {
    if (n.left == null) {
      return n.right;
    }
    setLeft(n, deleteMin(n.left));
    return balance(n);
  }

  /*
   * Links a child only if it changed. The tree lives long and ends up in the old generation; every
   * reference store there dirties a card that the next young collection must scan, so storing the
   * unchanged child on each node of the path (about 20 for a million outputs) made each insert or
   * removal dirty about 20 scattered cards instead of the one or two it really changes
   * (docs/benchmarks.md).
   */
  private static void setLeft(Node n, Node child) {
    if (n.left != child) {
      n.left = child;
    }
  }

  private static void setRight(Node n, Node child) {
    if (n.right != child) {
      n.right = child;
    }
  }
}
