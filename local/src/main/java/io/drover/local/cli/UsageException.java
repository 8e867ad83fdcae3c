package io.drover.local.cli;

/** The command line is wrong; the message says how, and the usage follows it. */
final class UsageException extends RuntimeException {

  UsageException(String message) {
    super(message);
  }
}
