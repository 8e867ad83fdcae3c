package io.drover.local.cli;

/** A command that could not do its work; the message says why and, where it can, what to do. */
final class CommandException extends RuntimeException {

  CommandException(String message) {
    super(message);
  }

  CommandException(String message, Throwable cause) {
    super(message, cause);
  }
}
