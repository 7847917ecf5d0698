namespace MmsGateway.Relay.Smtp;

/// <summary>One re-armable deadline per session, tied to the server's hard stop; no allocation per command.</summary>
internal sealed class SessionTimeout(CancellationToken hardStop) : IDisposable
{
    private CancellationTokenSource _cts = CancellationTokenSource.CreateLinkedTokenSource(hardStop);

    /// <summary>True when the deadline, not the server, cancelled the wait.</summary>
    public bool Expired => _cts.IsCancellationRequested && !hardStop.IsCancellationRequested;

    public CancellationToken Start(TimeSpan after)
    {
        if (!_cts.TryReset())
        {
            _cts.Dispose();
            _cts = CancellationTokenSource.CreateLinkedTokenSource(hardStop);
        }
        _cts.CancelAfter(after);
        return _cts.Token;
    }

    public void Dispose() => _cts.Dispose();
}
