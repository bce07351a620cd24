package host.exosphere.worker.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of a state manager that counts the HTTP requests passing through and notes when
 * the server answers an {@code executed} report, so a benchmark can measure any runtime (the Python one
 * included) without instrumenting it and without polling the server while it is being timed. It reads
 * only request heads and lengths; bytes are passed on unchanged. HTTP/1.1 without pipelining, as every
 * client here sends.
 */
final class CountingRelay implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object acks = new Object();
  private volatile boolean closed;

  /** Requests seen since the relay started. */
  final AtomicLong requests = new AtomicLong();
  /** Answers to {@code …/executed} seen since the relay started; guarded by {@link #acks} for waiting. */
  private long executedAnswers;

  CountingRelay(URI target) throws IOException {
    this.target = new InetSocketAddress(target.getHost(), target.getPort());
    this.listener = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "relay-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  long executedAnswers() {
    synchronized (acks) {
      return executedAnswers;
    }
  }

  /** Waits until at least {@code count} executed answers were seen; false after {@code millis}. */
  boolean awaitExecutedAnswers(long count, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    synchronized (acks) {
      while (executedAnswers < count) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        acks.wait(left);
      }
      return true;
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        client.setTcpNoDelay(true);
        Socket server = new Socket(target.getAddress(), target.getPort());
        server.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(server);
        Connection connection = new Connection();
        start(() -> requests(client, server, connection));
        start(() -> answers(server, client, connection));
      } catch (IOException e) {
        if (!closed) {
          System.err.println("relay: " + e);
        }
      }
    }
  }

  private static void start(Runnable pump) {
    Thread thread = new Thread(pump, "relay-pump");
    thread.setDaemon(true);
    thread.start();
  }

  /** One client connection: whether the answer now awaited is one to an executed report. */
  private static final class Connection {
    volatile boolean executedPending;
  }

  private void requests(Socket client, Socket server, Connection connection) {
    try (InputStream in = new BufferedInputStream(client.getInputStream()); OutputStream out = server.getOutputStream()) {
      while (true) {
        byte[] head = readHead(in);
        if (head == null) {
          return;
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String requestLine = text.substring(0, Math.max(0, text.indexOf("\r\n")));
        long length = contentLength(text);
        requests.incrementAndGet();
        connection.executedPending = requestLine.contains("/executed ");
        out.write(head);
        byte[] body = new byte[8192];
        for (long left = length; left > 0; ) {
          int n = in.read(body, 0, (int) Math.min(body.length, left));
          if (n < 0) {
            return;
          }
          out.write(body, 0, n);
          left -= n;
        }
        out.flush();
      }
    } catch (IOException e) {
      // Either side closed.
    } finally {
      closeQuietly(server);
      closeQuietly(client);
    }
  }

  private void answers(Socket server, Socket client, Connection connection) {
    byte[] buffer = new byte[16384];
    try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        // Read before passing the bytes on: once the client has them it may send its next request on this
        // connection (an executed report, say), whose flag must not be mistaken for this answer's.
        boolean executedAnswer = connection.executedPending;
        connection.executedPending = false;
        out.write(buffer, 0, n);
        out.flush();
        if (executedAnswer) {
          synchronized (acks) {
            executedAnswers++;
            acks.notifyAll();
          }
        }
      }
    } catch (IOException e) {
      // Either side closed.
    } finally {
      closeQuietly(server);
      closeQuietly(client);
    }
  }

  /** The request head up to and including the blank line, or null at the end of the stream. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(512);
    int last4 = 0;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      last4 = (last4 << 8) | b;
      if (last4 == 0x0d0a0d0a) {
        return head.toByteArray();
      }
    }
    return null;
  }

  private static long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
        return Long.parseLong(line.substring(colon + 1).trim());
      }
    }
    return 0;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    sockets.forEach(CountingRelay::closeQuietly);
  }
}
