package org.inputdesk.intake.bench;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHandler;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.Socket;
import java.net.SocketException;

/**
 * GreenMail's IMAP server with TCP_NODELAY on each connection. GreenMail writes a response in
 * several small pieces; with Nagle's algorithm the last piece waits for the client's delayed ACK
 * (about 40 ms on Linux), so every command costs that much on loopback and a client that sends one
 * command per message (Camel) is measured on the wait, not on its work. Serves the managers' users;
 * writes nothing but its answers.
 */
final class NoDelayImapServer extends AbstractServer {

  NoDelayImapServer(final ServerSetup setup, final Managers managers) {
    super(setup, managers);
  }

  @Override
  protected void handleClientSocket(final Socket socket) throws SocketException {
    socket.setTcpNoDelay(true);
    super.handleClientSocket(socket);
  }

  @Override
  protected ProtocolHandler createProtocolHandler(final Socket socket) {
    return new ImapHandler(managers.getUserManager(), managers.getImapHostManager(), socket);
  }
}
