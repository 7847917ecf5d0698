using System.Collections.Concurrent;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Delivery;

namespace MmsGateway.Testing;

/// <summary>Collects delivery attempts from the relay's event stream for a test to assert on.</summary>
public sealed class DeliveryRecorder : IObserver<DeliveryAttempt>, IDisposable
{
    private readonly IDisposable _subscription;

    public DeliveryRecorder(IObservable<DeliveryAttempt> feed) => _subscription = feed.Subscribe(this);

    public ConcurrentQueue<DeliveryAttempt> Attempts { get; } = new();

    public IReadOnlyList<string> Lines => Attempts.Select(a => a.LogLine).ToList();

    public void OnNext(DeliveryAttempt value) => Attempts.Enqueue(value);

    public void OnError(Exception error) { }

    public void OnCompleted() { }

    public void Dispose() => _subscription.Dispose();
}
