using MmsGateway.Relay.Capture;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Queue;

namespace MmsConsole.Web.Tests.Components;

/// <summary>Queue counts a component test sets by hand; the live relay is covered by the host and browser tests.</summary>
internal sealed class FakeQueue : IQueueControl
{
    public QueueCounts Counts { get; set; } = new(0, 0, 0, 0, 0, null, []);

    public List<FlushRun> Runs { get; } = [];

    public QueueCounts GetCounts() => Counts;

    public IReadOnlyList<FlushRun> Flushes => Runs;

    public IObservable<QueueChange> Changes { get; } = new QueueChangeFeed();

    public IObservable<DeliveryAttempt> Deliveries { get; } = new DeliveryFeed();

    public QueuePage Search(QueueSelection selection, int skip = 0, int take = 50) => new(0, 0, []);

    public Task<QueuePage> SearchAsync(QueueSelection selection, int skip = 0, int take = 50, CancellationToken cancellationToken = default) =>
        Task.FromResult(Search(selection, skip, take));

    public QueuedMessageView? Find(string queueId) => null;

    public Stream? OpenMessage(string queueId) => null;

    public Task<QueueActionResult> HoldAsync(QueueSelection selection, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<QueueActionResult> ReleaseAsync(QueueSelection selection, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<QueueActionResult> DeleteAsync(QueueSelection selection, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<QueueActionResult> BounceAsync(QueueSelection selection, string reason, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public FlushRun Flush(QueueSelection selection) => throw new NotSupportedException();
}
