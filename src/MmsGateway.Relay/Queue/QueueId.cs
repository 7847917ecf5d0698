namespace MmsGateway.Relay.Queue;

/// <summary>A message's queue id: 48 bits of milliseconds since 2024 and a 16-bit counter,
/// printed as 13 Crockford base-32 digits, so ids sort by arrival and stay unique across restarts.</summary>
public readonly record struct QueueId(ulong Value) : IComparable<QueueId>
{
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

    internal static ulong FloorFor(DateTimeOffset time) => (ulong)Math.Max(0, (time - Epoch).Ticks / TimeSpan.TicksPerMillisecond) << 16;
}
