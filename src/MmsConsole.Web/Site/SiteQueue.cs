using System.Security.Claims;
using MmsConsole.Web.Actions;
using MmsConsole.Web.Api;
using MmsGateway.Registry.Nodes;
using MmsGateway.Relay.Control;

namespace MmsConsole.Web.Site;

/// <summary>The queue of the whole site (issue 15): this node's from its index, each other node's through its API,
/// merged oldest first. Each node keeps its own spool; what the console shows and does is routed to the node that
/// holds the message. A node that cannot be asked is named in <see cref="SiteQueuePage.Nodes"/> with the reason.</summary>
public sealed class SiteQueue(IQueueControl queue, QueueActions actions, SitePeers peers)
{
    /// <summary>How deep a page merged over several nodes may reach (each node lists skip + take messages).</summary>
    public const int MaxMergedDepth = 1000;

    /// <summary>This node's name.</summary>
    public string Self => peers.Self;

    /// <summary>The nodes <paramref name="node"/> names: null is the whole site (this node alone when not a site).</summary>
    public async Task<IReadOnlyList<NodeView>> TargetsAsync(string? node, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(node) || string.Equals(node, peers.Self, StringComparison.OrdinalIgnoreCase))
            return !string.IsNullOrWhiteSpace(node) || !peers.IsSite ? [SelfView] : await peers.NodesAsync(ct).ConfigureAwait(false);
        return [await peers.FindAsync(node, ct).ConfigureAwait(false)
            ?? throw new UnknownNodeException(node, (await peers.NodesAsync(ct).ConfigureAwait(false)).Select(n => n.Name))];
    }

    /// <summary>The one node <paramref name="node"/> names; null is this node.</summary>
    public async Task<NodeView> NodeAsync(string? node, CancellationToken ct) => (await TargetsAsync(node ?? Self, ct).ConfigureAwait(false))[0];

    private NodeView SelfView => new(peers.Self, null, "", default, default, Stale: false, Self: true, Number: null);

    public async Task<SiteQueuePage> SearchAsync(QueueSelection selection, string? node, int skip, int take, ClaimsPrincipal user, string source, CancellationToken ct)
    {
        var targets = await TargetsAsync(node, ct).ConfigureAwait(false);
        // One node pages by itself; several list the first skip + take each and the merge cuts the page.
        var (nodeSkip, nodeTake) = targets.Count == 1 ? (skip, take) : (0, Math.Min(skip + take, MaxMergedDepth));
        var parts = await Task.WhenAll(targets.Select(n => PartAsync(n, selection, nodeSkip, nodeTake, user, source, ct))).ConfigureAwait(false);
        var rows = parts.SelectMany(p => p.Rows);
        var items = targets.Count == 1 ? rows.ToList()
            : rows.OrderBy(r => r.ReceivedAt).ThenBy(r => r.QueueId, StringComparer.Ordinal).Skip(skip).Take(take).ToList();
        return new SiteQueuePage(parts.Sum(p => p.Part.Messages ?? 0), parts.Sum(p => p.Part.Recipients ?? 0), items, [.. parts.Select(p => p.Part)]);
    }

    private async Task<(NodePart Part, IReadOnlyList<QueueRow> Rows)> PartAsync(NodeView n, QueueSelection selection, int skip, int take,
        ClaimsPrincipal user, string source, CancellationToken ct)
    {
        if (n.Self)
        {
            var page = await queue.SearchAsync(selection, skip, take, ct).ConfigureAwait(false);
            return (new NodePart(n.Name, page.TotalMessages, page.TotalRecipients, null), [.. page.Items.Select(m => QueueRow.Of(n.Name, m))]);
        }
        var query = string.Join('&', [$"node={Uri.EscapeDataString(n.Name)}", $"skip={skip}", $"take={take}",
            .. selection.Terms.Select(t => "select=" + Uri.EscapeDataString(t.ToString()))]);
        var reply = await peers.SendAsync<SiteQueuePage>(n, HttpMethod.Get, "/api/queue?" + query, null, user, source, ct).ConfigureAwait(false);
        return reply.Value is { } remote
            ? (new NodePart(n.Name, remote.TotalMessages, remote.TotalRecipients, null), remote.Items)
            : (new NodePart(n.Name, null, null, reply.Error), []);
    }

    /// <summary>Starts a flush of <paramref name="selection"/> on every node <paramref name="node"/> names; each runs on its own spool.</summary>
    public async Task<IReadOnlyList<NodeFlush>> FlushAsync(QueueRequest request, QueueSelection selection, string? node, Actor actor,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var targets = await TargetsAsync(node, ct).ConfigureAwait(false);
        return await Task.WhenAll(targets.Select(async n =>
        {
            if (n.Self) return new NodeFlush(n.Name, FlushView.Of((await actions.FlushAsync(actor, [selection], request.Reason).ConfigureAwait(false))[0]), null);
            var reply = await peers.SendAsync<FlushView>(n, HttpMethod.Post, "/api/queue/flush", request with { Node = n.Name }, user, actor.Source, ct)
                .ConfigureAwait(false);
            return new NodeFlush(n.Name, reply.Value, reply.Error);
        })).ConfigureAwait(false);
    }

    /// <summary>One queued message on the node that holds it (404 in <see cref="PeerReply{T}.Status"/> when it is not queued there).</summary>
    public async Task<PeerReply<QueuedMessageView>> FindAsync(string? node, string id, ClaimsPrincipal user, string source, CancellationToken ct)
    {
        var target = await NodeAsync(node, ct).ConfigureAwait(false);
        if (target.Self) return queue.Find(id) is { } m ? PeerReply<QueuedMessageView>.Of(m) : PeerReply<QueuedMessageView>.Failed($"No message {id} in the queue", 404);
        return await peers.SendAsync<QueuedMessageView>(target, HttpMethod.Get, $"/api/queue/{Uri.EscapeDataString(id)}?node={Uri.EscapeDataString(target.Name)}",
            null, user, source, ct).ConfigureAwait(false);
    }

    /// <summary>A queued message's header block, read on the node that holds it (the drawer's Headers; not its body).</summary>
    public async Task<PeerReply<IReadOnlyList<HeaderLine>>> HeadersAsync(string? node, string id, ClaimsPrincipal user, string source, CancellationToken ct)
    {
        var target = await NodeAsync(node, ct).ConfigureAwait(false);
        if (!target.Self)
            return await peers.SendAsync<IReadOnlyList<HeaderLine>>(target, HttpMethod.Get,
                $"/api/queue/{Uri.EscapeDataString(id)}/headers?node={Uri.EscapeDataString(target.Name)}", null, user, source, ct).ConfigureAwait(false);
        await using var stream = queue.OpenMessage(id);
        if (stream is null) return PeerReply<IReadOnlyList<HeaderLine>>.Failed($"No message {id} in the queue", 404);
        var headers = await MmsGateway.Relay.Mail.SpooledHeaders.ReadAsync(stream, cancellationToken: ct).ConfigureAwait(false);
        return PeerReply<IReadOnlyList<HeaderLine>>.Of([.. headers.ToList().Select(h => new HeaderLine(h.Name, h.Value))]);
    }

    /// <summary>The flush runs of one node since it started, or why they cannot be had.</summary>
    public async Task<PeerReply<IReadOnlyList<FlushView>>> FlushesAsync(NodeView node, ClaimsPrincipal user, string source, CancellationToken ct) =>
        node.Self ? PeerReply<IReadOnlyList<FlushView>>.Of([.. queue.Flushes.Select(FlushView.Of)])
        : await peers.SendAsync<IReadOnlyList<FlushView>>(node, HttpMethod.Get, "/api/queue/flushes", null, user, source, ct).ConfigureAwait(false);

    /// <summary>The other nodes of the site (none when this gateway is alone).</summary>
    public async Task<IReadOnlyList<NodeView>> PeersAsync(CancellationToken ct) =>
        peers.IsSite ? [.. (await peers.NodesAsync(ct).ConfigureAwait(false)).Where(n => !n.Self)] : [];

    /// <summary>A flush's progress on the node that runs it.</summary>
    public async Task<NodeFlush> FlushProgressAsync(NodeView node, int id, ClaimsPrincipal user, string source, CancellationToken ct)
    {
        if (node.Self)
            return queue.Flushes.FirstOrDefault(f => f.Id == id) is { } run ? new NodeFlush(node.Name, FlushView.Of(run), null) : new NodeFlush(node.Name, null, $"No flush {id}");
        var reply = await peers.SendAsync<FlushView>(node, HttpMethod.Get, $"/api/queue/flushes/{id}", null, user, source, ct).ConfigureAwait(false);
        return new NodeFlush(node.Name, reply.Value, reply.Error);
    }

    /// <summary>Hold, release, delete or bounce on every node <paramref name="node"/> names, each acting on what it holds.</summary>
    public async Task<SiteActionResult> ApplyAsync(QueueAction action, QueueRequest request, QueueSelection selection, string? node, Actor actor,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var targets = await TargetsAsync(node, ct).ConfigureAwait(false);
        var results = await Task.WhenAll(targets.Select(async n =>
        {
            if (n.Self)
            {
                var r = await actions.ApplyAsync(actor, action, [selection], request.Reason, ct).ConfigureAwait(false);
                return new NodeActionResult(n.Name, r.Recipients, r.LifetimesExtended, r.NoticesSent, null);
            }
            var reply = await peers.SendAsync<NodeActionResult>(n, HttpMethod.Post, "/api/queue/" + action.ToString().ToLowerInvariant(),
                request with { Node = n.Name }, user, actor.Source, ct).ConfigureAwait(false);
            return reply.Value is { } v ? v with { Node = n.Name } : new NodeActionResult(n.Name, 0, 0, 0, reply.Error);
        })).ConfigureAwait(false);
        return new SiteActionResult(results.Sum(r => r.Recipients), results.Sum(r => r.LifetimesExtended), results.Sum(r => r.NoticesSent), results);
    }
}

/// <summary>One header field as the drawer shows it.</summary>
public sealed record HeaderLine(string Name, string Value);

/// <summary>A flush started on one node, or why it was not.</summary>
public sealed record NodeFlush(string Node, FlushView? Run, string? Error);

/// <summary>A queued message and the node that holds it, as the API lists it (the message's fields, plus <see cref="Node"/>).</summary>
public sealed record QueueRow(string Node, string QueueId, DateTimeOffset ReceivedAt, string Sender, string ClientAddress, string Helo, long Size,
    IReadOnlyList<RecipientView> Recipients)
{
    public static QueueRow Of(string node, QueuedMessageView m) => new(node, m.QueueId, m.ReceivedAt, m.Sender, m.ClientAddress, m.Helo, m.Size, m.Recipients);

    public QueuedMessageView View => new(QueueId, ReceivedAt, Sender, ClientAddress, Helo, Size, Recipients);
}

/// <summary>One node's share of a listing: its totals, or why it could not be asked (then its totals are unknown, not 0).</summary>
public sealed record NodePart(string Node, int? Messages, int? Recipients, string? Error);

public sealed record SiteQueuePage(int TotalMessages, int TotalRecipients, IReadOnlyList<QueueRow> Items, IReadOnlyList<NodePart> Nodes);

public sealed record NodeActionResult(string Node, int Recipients, int LifetimesExtended, int NoticesSent, string? Error)
{
    public string Summary => Error ?? new QueueActionResult(Recipients, LifetimesExtended, NoticesSent).ToString();
}

public sealed record SiteActionResult(int Recipients, int LifetimesExtended, int NoticesSent, IReadOnlyList<NodeActionResult> Nodes)
{
    public string Summary => Nodes.Count == 1 ? Nodes[0].Summary : string.Join("; ", Nodes.Select(n => $"{n.Node}: {n.Summary}"));
}

public sealed class UnknownNodeException(string node, IEnumerable<string> known)
    : Exception($"No node '{node}' in this site (nodes: {string.Join(", ", known)})");
