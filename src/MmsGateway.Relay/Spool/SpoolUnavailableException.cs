namespace MmsGateway.Relay.Spool;

/// <summary>The spool could not make a record durable (disk full, I/O error). The environment, not a bug:
/// the session answers 451 and the client keeps the message.</summary>
public sealed class SpoolUnavailableException(string message, Exception? inner = null) : IOException(message, inner);
