using MailKit;
using Microsoft.Extensions.Logging;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Routing;
using MmsGateway.Relay.Spool;

namespace MmsGateway.Relay.Delivery;

/// <summary>What every destination worker shares.</summary>
internal sealed record DeliveryContext(
    QueueIndex Index,
    MessageSpool Spool,
    LiveRules Rules,
    HopConnector Connector,
    OutcomeRecorder Recorder,
    DeliveryOptions Options,
    TimeProvider Clock,
    ILogger Log,
    Func<string, NextHop, IProtocolLogger> Capture,
    Action<Task> Track,
    CancellationToken Stopping);
