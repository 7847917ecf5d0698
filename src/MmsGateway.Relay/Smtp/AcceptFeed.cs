using MmsGateway.Relay.Queue;

namespace MmsGateway.Relay.Smtp;

/// <summary>Every message answered 250, published after the reply's commit (never before).</summary>
public sealed class AcceptFeed : EventFeed<MessageAccepted>;
