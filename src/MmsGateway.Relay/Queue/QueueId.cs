namespace MmsGateway.Relay.Queue;

/// <summary>A message's queue id: 48 bits of milliseconds since 2024, the 6-bit number of the node that minted it
/// and a 10-bit counter, printed as 13 Crockford base-32 digits, so ids sort by arrival and stay unique across
/// restarts and across the nodes of a site. (Ids minted before issue 15 have a 16-bit counter in the low bits:
/// they parse, sort and age alike; their <see cref="Node"/> means nothing.)</summary>
public readonly record struct QueueId(ulong Value) : IComparable<QueueId>
{
    public const int NodeBits = 6, CounterBits = 10;
    private const string Digits = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public int CompareTo(QueueId other) => Value.CompareTo(other.Value);

    public override string ToString()
    {
        Span<char> text = stackalloc char[13];
        var v = Value;
        for (var i = 12; i >= 0; i--) { text[i] = Digits[(int)(v & 31)]; v >>= 5; }
        return new string(text);
    }

    public static bool TryParse(string? text, out QueueId id)
    {
        id = default;
        if (text is null || text.Length != 13) return false;
        ulong v = 0;
        foreach (var c in text.ToUpperInvariant())
        {
            var d = Digits.IndexOf(c);
            if (d < 0) return false;
            v = (v << 5) | (uint)d;
        }
        id = new QueueId(v);
        return true;
    }

    public ulong Milliseconds => Value >> (NodeBits + CounterBits);

    /// <summary>The number of the node that minted it.</summary>
    public int Node => (int)((Value >> CounterBits) & ((1UL << NodeBits) - 1));

    internal static ulong MillisecondsAt(DateTimeOffset time) => (ulong)Math.Max(0, (time - Epoch).Ticks / TimeSpan.TicksPerMillisecond);

    internal static QueueId Compose(ulong milliseconds, int node, ulong counter) =>
        new((milliseconds << (NodeBits + CounterBits)) | ((ulong)node << CounterBits) | counter);
}
