namespace MmsGateway.Relay.Queue;

/// <summary>A position in a walk over queued recipients (every message in arrival order, or one
/// destination's list) that survives releasing the index lock between steps: the index moves it off
/// any node it removes. Every member but <see cref="Dispose"/> is called with the index lock held.</summary>
internal sealed class QueueCursor(QueueIndex index, QueuedMessage? message, QueuedRecipient? recipient) : IDisposable
{
    private QueuedMessage? _message = message;
    private int _next;                         // index into _message.Recipients
    private QueuedRecipient? _recipient = recipient;   // the next to yield, for a destination walk
    private bool _disposed;

    public bool ByDestination { get; init; }

    public bool TryNext(out QueuedRecipient r)
    {
        if (ByDestination)
        {
            r = _recipient!;
            if (_recipient is null) return false;
            _recipient = _recipient.Next;
            return true;
        }
        for (; _message is not null; _message = _message.Next, _next = 0)
        {
            var all = _message.Recipients;
            while (_next < all.Length)
            {
                r = all[_next++];
                if (!r.State.IsFinal()) return true;
            }
        }
        r = null!;
        return false;
    }

    internal void Removing(QueuedMessage m)
    {
        if (_message != m) return;
        _message = m.Next;
        _next = 0;
    }

    internal void Unlinking(QueuedRecipient r)
    {
        if (_recipient == r) _recipient = r.Next;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        index.CloseCursor(this);
    }
}
