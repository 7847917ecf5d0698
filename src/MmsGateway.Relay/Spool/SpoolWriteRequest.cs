namespace MmsGateway.Relay.Spool;

/// <summary>Records waiting for the next group commit. A message request carries one frame and its
/// body; a state request may carry many frames (a hold of a whole destination is one fsync).</summary>
internal sealed class SpoolWriteRequest(IReadOnlyList<byte[]> frames, MessageBuffer? body)
{
    public IReadOnlyList<byte[]> Frames { get; } = frames;

    public MessageBuffer? Body { get; } = body;

    // Continuations run inline where the writer completes the batch (see MessageSpool.Complete):
    // one thread-pool hand-off per group commit rather than one wake-up per waiting session.
    // A message request's result is where its body was written.
    public TaskCompletionSource<SpoolLocation> Done { get; } = new();

    // Filled in by the writer, applied only once the batch is on disk.
    public SpoolLocation Location;
}
