using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Routing;

namespace MmsGateway.Relay.Control;

/// <summary>Applies an operator's status switch to the mail already queued for it: going down
/// (holding) parks its queue, coming back releases and flushes it. New mail is parked by the delivery
/// worker itself, so this only has to deal with what was queued before the switch.</summary>
/// <remarks>Driven by the difference between two published rule sets, not by whoever made the change,
/// so a change from the API, from the command line or from a registry shared by two gateways has the
/// same effect. Runs one change at a time, in order, off the publisher's thread.</remarks>
public sealed class DestinationSwitch : IAsyncDisposable
{
    private readonly LiveRules _rules;
    private readonly IQueueControl _queue;
    private readonly ILogger _log;
    private readonly Channel<(string Domain, bool Hold)> _work = Channel.CreateUnbounded<(string, bool)>(new() { SingleReader = true });
    private Task _loop = Task.CompletedTask;

    public DestinationSwitch(LiveRules rules, IQueueControl queue, ILogger<DestinationSwitch> log)
    {
        _rules = rules;
        _queue = queue;
        _log = log;
    }

    public void Start()
    {
        _rules.Published += OnPublished;
        _loop = Task.Run(RunAsync);
    }

    private void OnPublished(RuleSet before, RuleSet after)
    {
        foreach (var d in _queue.GetCounts().Destinations)
        {
            var was = before.Resolve(d.Domain)?.Status == DestinationStatus.Holding;
            var now = after.Resolve(d.Domain)?.Status == DestinationStatus.Holding;
            if (was != now) _work.Writer.TryWrite((d.Domain, now));
        }
    }

    private async Task RunAsync()
    {
        await foreach (var (domain, hold) in _work.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var selection = QueueSelection.Of(new SelectionTerm(SelectionField.Destination, domain));
            try
            {
                if (hold)
                {
                    var held = await _queue.HoldAsync(selection).ConfigureAwait(false);
                    _log.LogInformation("{Domain} is down, holding: {Result}", domain, held);
                }
                else
                {
                    var released = await _queue.ReleaseAsync(selection).ConfigureAwait(false);
                    var flush = _queue.Flush(selection);
                    _log.LogInformation("{Domain} is back: {Result}; flush {Flush} started", domain, released, flush.Id);
                }
            }
            catch (Exception e) when (e is IOException or Spool.SpoolUnavailableException)
            {
                _log.LogError(e, "{Domain}: the status switch could not be applied to its queued mail", domain);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _rules.Published -= OnPublished;
        _work.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
