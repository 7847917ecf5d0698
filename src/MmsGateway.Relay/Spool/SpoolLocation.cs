namespace MmsGateway.Relay.Spool;

/// <summary>Where a message's bytes live: segment number, offset of the body, body length.</summary>
public readonly record struct SpoolLocation(int Segment, long Offset, long Length);
