package dev.iotpipeline.local.component;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import dev.iotpipeline.local.config.SettingException;

/** Checks a port before a component binds it, so a clash reads as one line, not a stack trace. */
public final class Ports {

  private Ports() {}

  /** Fails with a message naming the port, what wanted it and the setting that moves it. */
  public static void requireFreeTcp(int port, String component, String setting) {
    if (port == 0) {
      return;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw inUse(port, "tcp", component, setting);
    }
  }

  /** As {@link #requireFreeTcp} for a UDP port. */
  public static void requireFreeUdp(int port, String component, String setting) {
    if (port == 0) {
      return;
    }
    try (DatagramSocket socket =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      socket.getLocalPort();
    } catch (IOException e) {
      throw inUse(port, "udp", component, setting);
    }
  }

  /** A free loopback TCP port. */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("No free loopback port", e);
    }
  }

  private static SettingException inUse(int port, String proto, String component, String setting) {
    return new SettingException(
        "Port %d/%s for %s is in use: stop what holds it, or choose another port with -D%s=<port>"
            .formatted(port, proto, component, setting));
  }
}
