package io.drover.local.runner.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one probe checks, and checking it once. HTTP and TCP probes go to the pod's address as the
 * kubelet's do; exec probes cannot run inside a container here, so the forms that only look at a
 * file ({@code test -e|-f|-d <path>}, {@code cat <path>}, also under {@code sh -c}) are evaluated
 * on the file the path maps to; any other command is {@link Unsupported}.
 */
sealed interface ProbeCheck {

  /** The outcome of one check, with the kubelet's wording of a failure. */
  record Result(boolean success, String output) {}

  Result check(Duration timeout);

  /** {@code httpGet}: success is a status of 200 to 399. */
  record HttpGet(String host, int port, String path, List<HTTPHeader> headers)
      implements ProbeCheck {
    @Override
    public Result check(Duration timeout) {
      String url = "http://" + host + ":" + port + path;
      try (Socket socket = new Socket()) {
        int millis = (int) timeout.toMillis();
        socket.connect(new InetSocketAddress(host, port), millis);
        socket.setSoTimeout(millis);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
        boolean userAgent = false;
        boolean accept = false;
        for (HTTPHeader header : headers) {
          request.append(header.getName()).append(": ").append(header.getValue()).append("\r\n");
          userAgent |= header.getName().equalsIgnoreCase("User-Agent");
          accept |= header.getName().equalsIgnoreCase("Accept");
        }
        request.append("Host: ").append(host).append(':').append(port).append("\r\n");
        if (!userAgent) {
          request.append("User-Agent: kube-probe/1.31\r\n");
        }
        if (!accept) {
          request.append("Accept: */*\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String statusLine = readLine(socket.getInputStream());
        String[] parts = statusLine.split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
          return new Result(
              false, "Get \"" + url + "\": malformed HTTP response \"" + statusLine + "\"");
        }
        int status = Integer.parseInt(parts[1]);
        if (status >= 200 && status < 400) {
          return new Result(true, "");
        }
        return new Result(false, "HTTP probe failed with statuscode: " + status);
      } catch (ConnectException e) {
        return new Result(
            false,
            "Get \"" + url + "\": dial tcp " + host + ":" + port + ": connect: connection refused");
      } catch (SocketTimeoutException e) {
        return new Result(
            false,
            "Get \""
                + url
                + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
      } catch (IOException | NumberFormatException e) {
        return new Result(false, "Get \"" + url + "\": " + e.getMessage());
      }
    }

    private static String readLine(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0 && b != '\n' && line.size() < 8192) {
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /** {@code tcpSocket}: success is an accepted connection. */
  record TcpSocket(String host, int port) implements ProbeCheck {
    @Override
    public Result check(Duration timeout) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
        return new Result(true, "");
      } catch (ConnectException e) {
        return new Result(false, "dial tcp " + host + ":" + port + ": connect: connection refused");
      } catch (SocketTimeoutException e) {
        return new Result(false, "dial tcp " + host + ":" + port + ": i/o timeout");
      } catch (IOException e) {
        return new Result(false, "dial tcp " + host + ":" + port + ": " + e.getMessage());
      }
    }
  }

  /** An exec probe that only looks at a file: {@code test -e|-f|-d} or {@code cat}. */
  record FileTest(String operator, String containerPath, Path hostPath) implements ProbeCheck {
    @Override
    public Result check(Duration timeout) {
      switch (operator) {
        case "-e":
          return new Result(Files.exists(hostPath), "");
        case "-f":
          return new Result(Files.isRegularFile(hostPath), "");
        case "-d":
          return new Result(Files.isDirectory(hostPath), "");
        default: // cat
          try {
            byte[] content = Files.readAllBytes(hostPath);
            int n = Math.min(content.length, 10 * 1024);
            return new Result(true, new String(content, 0, n, StandardCharsets.UTF_8));
          } catch (IOException e) {
            return new Result(false, "cat: " + containerPath + ": No such file or directory\n");
          }
      }
    }
  }

  /** A probe the runner cannot evaluate here; {@code why} is said in an Event. */
  record Unsupported(String why) implements ProbeCheck {
    @Override
    public Result check(Duration timeout) {
      return new Result(false, why);
    }
  }

  Pattern SHELL_FORM = Pattern.compile("\\s*(test\\s+(-[efd])|cat)\\s+(\\S+)\\s*");

  /** The check a probe of this container describes, against the pod's address and mounts. */
  static ProbeCheck of(Probe probe, Container container, String podIp, MountTable mounts) {
    if (probe.getHttpGet() != null) {
      var get = probe.getHttpGet();
      if ("HTTPS".equalsIgnoreCase(get.getScheme())) {
        return new Unsupported("HTTPS probes are not run in local mode; use scheme HTTP");
      }
      Integer port = port(get.getPort(), container);
      if (port == null) {
        return new Unsupported(
            "probe port "
                + get.getPort().getStrVal()
                + " is not a container port of "
                + container.getName());
      }
      String path = get.getPath() == null || get.getPath().isEmpty() ? "/" : get.getPath();
      if (!path.startsWith("/")) {
        path = "/" + path;
      }
      String host = get.getHost() == null || get.getHost().isEmpty() ? podIp : get.getHost();
      return new HttpGet(
          host, port, path, get.getHttpHeaders() == null ? List.of() : get.getHttpHeaders());
    }
    if (probe.getTcpSocket() != null) {
      Integer port = port(probe.getTcpSocket().getPort(), container);
      if (port == null) {
        return new Unsupported(
            "probe port "
                + probe.getTcpSocket().getPort().getStrVal()
                + " is not a container port of "
                + container.getName());
      }
      String host =
          probe.getTcpSocket().getHost() == null || probe.getTcpSocket().getHost().isEmpty()
              ? podIp
              : probe.getTcpSocket().getHost();
      return new TcpSocket(host, port);
    }
    if (probe.getExec() != null) {
      List<String> command =
          probe.getExec().getCommand() == null ? List.of() : probe.getExec().getCommand();
      String script = null;
      if (command.size() == 3
          && List.of("sh", "/bin/sh", "bash", "/bin/bash").contains(command.get(0))
          && command.get(1).equals("-c")) {
        script = command.get(2);
      } else if (command.size() == 3
          && isTest(command.get(0))
          && List.of("-e", "-f", "-d").contains(command.get(1))) {
        return new FileTest(command.get(1), command.get(2), mounts.hostPathOf(command.get(2)));
      } else if (command.size() == 2 && isCat(command.get(0))) {
        return new FileTest("cat", command.get(1), mounts.hostPathOf(command.get(1)));
      }
      if (script != null) {
        Matcher m = SHELL_FORM.matcher(script);
        if (m.matches()) {
          String operator = m.group(2) != null ? m.group(2) : "cat";
          return new FileTest(operator, m.group(3), mounts.hostPathOf(m.group(3)));
        }
      }
      return new Unsupported(
          "local mode cannot run exec probe "
              + command
              + " (there is no container to run it in); it evaluates only `test -e|-f|-d <path>` and"
              + " `cat <path>`; use one of those or an httpGet or tcpSocket probe");
    }
    if (probe.getGrpc() != null) {
      return new Unsupported("gRPC probes are not run in local mode; use httpGet or tcpSocket");
    }
    return new Unsupported("the probe names no handler (httpGet, tcpSocket or exec)");
  }

  private static boolean isTest(String program) {
    return program.equals("test") || program.endsWith("/test");
  }

  private static boolean isCat(String program) {
    return program.equals("cat") || program.endsWith("/cat");
  }

  private static Integer port(IntOrString port, Container container) {
    if (port == null) {
      return null;
    }
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    String name = port.getStrVal();
    if (name.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(name);
    }
    if (container.getPorts() == null) {
      return null;
    }
    return container.getPorts().stream()
        .filter(p -> name.equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElse(null);
  }
}
