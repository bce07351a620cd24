package host.exosphere.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state manager's "parents" and "path" of every node (docs/state-manager.md §3.2, {@code
 * _build_parents_path_by_identifier}), with the same answers but without its cost.
 *
 * <p>The server runs a recursive DFS from the root and keeps, for every node, a set of parents and a set
 * of path nodes; each call unions whole sets, so it costs O(V·(V+E)) and its recursion overflows on
 * chains of about a thousand nodes. The answers are order-dependent (QUIRK, §3.2): a node's children
 * inherit the parents of its <em>first</em> visit, a unite node takes its target's parents plus the
 * target instead of its own branch, and a unite node reached before its target is never expanded. This
 * class replays exactly that traversal with an explicit stack and represents the sets by sharing:
 *
 * <ul>
 *   <li>The set a node hands to its children ("children parents") is one cell: either
 *       {@code cons(node, parentsOfFirstVisit)} or, for a unite node, {@code cons(target, snapshot of
 *       parents[target])}. Cons cells form a forest, so "is X in this chain" is an interval test on an
 *       Euler tour of that forest.</li>
 *   <li>A node's full parent set is its first-visit cell plus the cells of later visits ("extras"). A
 *       snapshot of a node that already has extras is a union cell that refers to a prefix of that
 *       node's (append-only) extras list, so nothing is copied.</li>
 *   <li>The server's path of a node is the union of the DFS-tree paths of every caller, so "X in
 *       path(X)" is "some caller of X is a DFS-tree descendant of X", again an interval test.</li>
 * </ul>
 * Building is O(V + E); a membership query walks only the union cells reachable from the node, which is
 * none for graphs without unites on fan-in nodes.
 */
final class ParentGraph {

  /**
   * How deep the server's recursive DFS can go before Python's recursion limit (1000 frames, minus the
   * frames of the web stack and the validators below the DFS) stops it. The exact threshold is not
   * portable (conformance README, case {@code long-chain-1500-recursion-limit}); chains of 200 pass and
   * of 1500 fail on the real server.
   */
  static final int MAX_DFS_DEPTH = 960;

  /** Why building failed, with the server's text after "Error building dependency graph: ". */
  record Failure(String serverText, boolean recursionLimit, Map<String, List<String>> awaiting) {}

  private static final byte EMPTY = 0;
  private static final byte CONS = 1;
  private static final byte UNION = 2;

  private final int n;
  private final int root;
  private final Map<String, Integer> index;

  // The graph as positions (shared with the other rules).
  private final int[][] next;
  private final int[] unitesOf;
  private int[][] callers;

  // DFS results per node.
  private final boolean[] visited;
  private final boolean[] expanded;
  private final int[] tin;
  private final int[] tout;
  private final int[] parentsBase;
  private final IntList[] extras;
  private final int[] childrenCell;
  private int maxDepth;
  private Failure failure;

  // Set cells.
  private byte[] kind = new byte[16];
  private int[] elem = new int[16];
  private int[] up = new int[16]; // cons: the rest of the chain; union: the base cell
  private int[] unionOwner = new int[16];
  private int[] unionCount = new int[16];
  private int cells;
  private int[] cellTin;
  private int[] cellTout;
  private int[] terminal;
  private IntList[] cellsOfElement;

  // Scratch space of membership queries.
  private int[] seen;
  private int[] work;
  private int generation;

  private ParentGraph(List<NodeTemplate> nodes, GraphIndex graphIndex, int root) {
    this.n = nodes.size();
    this.index = graphIndex.index;
    this.next = graphIndex.next;
    this.unitesOf = graphIndex.unites;
    this.root = root;
    visited = new boolean[n];
    expanded = new boolean[n];
    tin = new int[n];
    tout = new int[n];
    parentsBase = new int[n];
    extras = new IntList[n];
    childrenCell = new int[n];
    Arrays.fill(childrenCell, -1);
    newCell(EMPTY, -1, -1); // cell 0 is the empty set
  }

  /**
   * Replays the server's DFS over {@code nodes}, which must have unique identifiers, existing
   * {@code next_nodes} and existing unites targets (the checks that run before it).
   *
   * @param root the index of the single root
   */
  static ParentGraph build(List<NodeTemplate> nodes, GraphIndex index, int root) {
    ParentGraph g = new ParentGraph(nodes, index, root);
    g.run(nodes);
    if (g.failure == null) {
      g.indexCells();
    }
    return g;
  }

  /** Present when the server's DFS raises: a unite target never reached, or the recursion limit. */
  Failure failure() {
    return failure;
  }

  /** The deepest call of the server's recursive DFS (the root call is depth 1). */
  int maxDepth() {
    return maxDepth;
  }

  /** The server's "root in parents(node)": for a non-root node, whether the DFS reached it at all. */
  boolean connected(int node) {
    return visited[node];
  }

  /** Whether the DFS visited the node but left its {@code next_nodes} unexplored (a deferred unite). */
  boolean deferred(int node) {
    return visited[node] && !expanded[node];
  }

  /** The server's "node in path(node)": the DFS closed a cycle at this node. */
  boolean inOwnPath(int node) {
    if (!visited[node]) {
      return false;
    }
    // path(node) is the union of the DFS-tree paths of every expanded caller; node is in it when one of
    // those callers is node itself or a DFS-tree descendant of it.
    for (int caller : callersOf(node)) {
      if (tin[node] <= tin[caller] && tout[caller] <= tout[node]) {
        return true;
      }
    }
    return false;
  }

  private int[] callersOf(int node) {
    if (callers == null) {
      int[] count = new int[n];
      for (int u = 0; u < n; u++) {
        if (expanded[u]) {
          for (int m : next[u]) {
            count[m]++;
          }
        }
      }
      callers = new int[n][];
      for (int v = 0; v < n; v++) {
        callers[v] = new int[count[v]];
      }
      int[] fill = new int[n];
      for (int u = 0; u < n; u++) {
        if (expanded[u]) {
          for (int m : next[u]) {
            callers[m][fill[m]++] = u;
          }
        }
      }
    }
    return callers[node];
  }

  /** The server's "identifier in parents(node)". Identifiers that are not nodes are never parents. */
  boolean isParent(int node, String identifier) {
    Integer x = index.get(identifier);
    if (x == null || !visited[node]) {
      return false;
    }
    if (contains(parentsBase[node], x)) {
      return true;
    }
    IntList more = extras[node];
    if (more != null) {
      for (int i = 0; i < more.size; i++) {
        if (contains(more.items[i], x)) {
          return true;
        }
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // The traversal.

  private void run(List<NodeTemplate> nodes) {
    int[] unites = unitesOf;
    LinkedHashMap<Integer, IntList> awaiting = new LinkedHashMap<>();
    int clock = 0;

    // A frame is an expanded node working through its waiting unite nodes, then its next nodes.
    ArrayDeque<int[]> stack = new ArrayDeque<>(); // {node, phase (0 awaiting, 1 next), position}

    // dfs(root, {}, {})
    maxDepth = 1;
    visited[root] = true;
    tin[root] = clock++;
    parentsBase[root] = 0;
    if (!expand(root, 0, unites, awaiting)) {
      tout[root] = clock++;
      return; // unreachable: a root never unites (its in-degree would not be zero)
    }
    stack.push(new int[] {root, 0, 0});
    Map<Integer, IntList> waitingOf = new HashMap<>();
    IntList rootWaiting = awaiting.remove(root);
    if (rootWaiting != null) {
      waitingOf.put(root, rootWaiting);
    }

    while (!stack.isEmpty()) {
      int[] frame = stack.peek();
      int u = frame[0];
      int depth = stack.size() + 1; // the depth of any call this frame makes
      if (frame[1] == 0) {
        IntList waiting = waitingOf.get(u);
        if (waiting != null && frame[2] < waiting.size) {
          int w = waiting.items[frame[2]++];
          if (!enter(depth)) {
            return;
          }
          // dfs(w, childrenParents(u), path[w]): w is already visited, so only its parents grow.
          addExtra(w, childrenCell[u]);
          continue;
        }
        waitingOf.remove(u);
        frame[1] = 1;
        frame[2] = 0;
      }
      if (frame[2] < next[u].length) {
        int m = next[u][frame[2]++];
        if (!enter(depth)) {
          return;
        }
        int p = childrenCell[u];
        if (visited[m]) {
          addExtra(m, p);
          continue;
        }
        visited[m] = true;
        tin[m] = clock++;
        parentsBase[m] = p;
        if (expand(m, p, unites, awaiting)) {
          stack.push(new int[] {m, 0, 0});
          IntList waiting = awaiting.remove(m);
          if (waiting != null) {
            waitingOf.put(m, waiting);
          }
        } else {
          tout[m] = clock++;
        }
        continue;
      }
      stack.pop();
      tout[u] = clock++;
    }
    if (!awaiting.isEmpty()) {
      Map<String, List<String>> left = new LinkedHashMap<>();
      for (Map.Entry<Integer, IntList> e : awaiting.entrySet()) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < e.getValue().size; i++) {
          ids.add(nodes.get(e.getValue().items[i]).identifier());
        }
        left.put(nodes.get(e.getKey()).identifier(), ids);
      }
      failure = new Failure("Graph is disconnected at: " + PythonJson.repr(left), false, left);
    }
  }

  /** Python checks the recursion limit on entering every call, even one that returns at once. */
  private boolean enter(int depth) {
    if (depth > maxDepth) {
      maxDepth = depth;
    }
    if (depth > MAX_DFS_DEPTH) {
      failure = new Failure("maximum recursion depth exceeded", true, Map.of());
      return false;
    }
    return true;
  }

  /**
   * The first visit of {@code node} after its parents were set to {@code p}: decides the set its
   * children get, or defers a unite node whose target was not visited yet. Returns whether the node's
   * next nodes are explored.
   */
  private boolean expand(int node, int p, int[] unites, Map<Integer, IntList> awaiting) {
    int target = unites[node];
    if (target < 0) {
      childrenCell[node] = newCell(CONS, node, p);
    } else if (visited[target]) {
      // parents[node] = parents[target] | {target}: replaces what this visit added, and leaves the
      // unite node itself out of its children's parents (QUIRK, §3.2).
      int cell;
      IntList targetExtras = extras[target];
      if (targetExtras == null || targetExtras.size == 0) {
        int base = parentsBase[target];
        int targetCell = childrenCell[target];
        cell = targetCell >= 0 && kind[targetCell] == CONS && elem[targetCell] == target && up[targetCell] == base
            ? targetCell
            : newCell(CONS, target, base);
      } else {
        int union = newCell(UNION, -1, parentsBase[target]);
        unionOwner[union] = target;
        unionCount[union] = targetExtras.size;
        cell = newCell(CONS, target, union);
      }
      parentsBase[node] = cell;
      childrenCell[node] = cell;
    } else {
      awaiting.computeIfAbsent(target, t -> new IntList()).add(node);
      return false;
    }
    expanded[node] = true;
    return true;
  }

  private void addExtra(int node, int cell) {
    if (cell == parentsBase[node]) {
      return;
    }
    IntList list = extras[node];
    if (list == null) {
      list = new IntList();
      extras[node] = list;
    } else if (list.size > 0 && list.items[list.size - 1] == cell) {
      return;
    }
    list.add(cell);
  }

  private int newCell(byte k, int element, int rest) {
    if (cells == kind.length) {
      int size = cells * 2;
      kind = Arrays.copyOf(kind, size);
      elem = Arrays.copyOf(elem, size);
      up = Arrays.copyOf(up, size);
      unionOwner = Arrays.copyOf(unionOwner, size);
      unionCount = Arrays.copyOf(unionCount, size);
    }
    kind[cells] = k;
    elem[cells] = element;
    up[cells] = rest;
    return cells++;
  }

  // ---------------------------------------------------------------------------------------------
  // Membership.

  /** Euler tour of the forest of cons cells, each tree hanging from an empty or union cell. */
  private void indexCells() {
    int[] childCount = new int[cells];
    for (int c = 0; c < cells; c++) {
      if (kind[c] == CONS && kind[up[c]] == CONS) {
        childCount[up[c]]++;
      }
    }
    int[][] children = new int[cells][];
    for (int c = 0; c < cells; c++) {
      children[c] = childCount[c] == 0 ? null : new int[childCount[c]];
    }
    int[] fill = new int[cells];
    cellsOfElement = new IntList[n];
    for (int c = 0; c < cells; c++) {
      if (kind[c] == CONS) {
        if (kind[up[c]] == CONS) {
          children[up[c]][fill[up[c]]++] = c;
        }
        IntList list = cellsOfElement[elem[c]];
        if (list == null) {
          list = new IntList();
          cellsOfElement[elem[c]] = list;
        }
        list.add(c);
      }
    }
    cellTin = new int[cells];
    cellTout = new int[cells];
    terminal = new int[cells];
    int clock = 0;
    ArrayDeque<int[]> stack = new ArrayDeque<>();
    for (int r = 0; r < cells; r++) {
      if (kind[r] != CONS || kind[up[r]] == CONS) {
        continue;
      }
      int top = up[r];
      cellTin[r] = clock++;
      terminal[r] = top;
      stack.push(new int[] {r, 0});
      while (!stack.isEmpty()) {
        int[] f = stack.peek();
        int[] kids = children[f[0]];
        if (kids != null && f[1] < kids.length) {
          int c = kids[f[1]++];
          cellTin[c] = clock++;
          terminal[c] = top;
          stack.push(new int[] {c, 0});
        } else {
          cellTout[f[0]] = clock++;
          stack.pop();
        }
      }
    }
  }

  /** Walking a chain beats scanning an element's cells once it has this many cells. */
  private static final int SCAN_LIMIT = 8;

  private boolean contains(int start, int x) {
    IntList candidates = cellsOfElement[x];
    if (candidates == null) {
      return false; // every set is made of cons cells, and x heads none
    }
    if (seen == null) {
      seen = new int[cells];
      work = new int[16];
    }
    generation++;
    int top = 0;
    work[top++] = start;
    while (top > 0) {
      int c = work[--top];
      if (kind[c] == EMPTY) {
        continue;
      }
      if (kind[c] == CONS) {
        if (candidates.size <= SCAN_LIMIT) {
          for (int i = 0; i < candidates.size; i++) {
            int d = candidates.items[i];
            if (cellTin[d] <= cellTin[c] && cellTout[c] <= cellTout[d]) {
              return true;
            }
          }
          c = terminal[c];
        } else {
          // Many cells for x (a node united by many others): walk up instead; references usually name a
          // near ancestor, so the walk ends early.
          while (kind[c] == CONS) {
            if (elem[c] == x) {
              return true;
            }
            c = up[c];
          }
        }
        if (kind[c] == EMPTY) {
          continue;
        }
      }
      if (seen[c] == generation) {
        continue;
      }
      seen[c] = generation;
      IntList more = extras[unionOwner[c]];
      if (top + unionCount[c] + 1 > work.length) {
        work = Arrays.copyOf(work, Math.max(work.length * 2, top + unionCount[c] + 1));
      }
      work[top++] = up[c];
      for (int i = 0; i < unionCount[c]; i++) {
        work[top++] = more.items[i];
      }
    }
    return false;
  }

  /** A growable int array. */
  static final class IntList {
    int[] items = new int[2];
    int size;

    void add(int v) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = v;
    }
  }
}
