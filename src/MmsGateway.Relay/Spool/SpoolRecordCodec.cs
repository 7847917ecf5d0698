using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace MmsGateway.Relay.Spool;

internal enum SpoolRecordKind : byte { Message = 1, State = 2 }

/// <summary>A decoded frame header: what follows it and how to check it.</summary>
internal readonly record struct SpoolRecordHeader(SpoolRecordKind Kind, int MetaLength, long BodyLength, uint BodyCrc, uint HeaderCrc);

/// <summary>The on-disk form of spool records (docs/queue-format.md). Frame:
/// magic u32 | kind u8 | 3 zero | meta length u32 | zero u32 | body length u64 | body CRC-32 u32 | header CRC-32 u32,
/// then meta, then body. The header CRC covers the first 28 bytes and the meta, so a torn or
/// half-written record is recognised at recovery and never applied.</summary>
internal static class SpoolRecordCodec
{
    public const uint Magic = 0x3151534D;   // "MSQ1"
    public const int HeaderSize = 32;
    private const int MaxErrorBytes = 512;

    public static byte[] Frame(SpoolRecordKind kind, ReadOnlySpan<byte> meta, long bodyLength, uint bodyCrc)
    {
        var frame = new byte[HeaderSize + meta.Length];
        var h = frame.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(h, Magic);
        h[4] = (byte)kind;
        BinaryPrimitives.WriteInt32LittleEndian(h[8..], meta.Length);
        BinaryPrimitives.WriteInt64LittleEndian(h[16..], bodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], bodyCrc);
        meta.CopyTo(h[HeaderSize..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[28..], HeaderCrc(frame));
        return frame;
    }

    private static uint HeaderCrc(ReadOnlySpan<byte> frame)
    {
        var crc = new Crc32();
        crc.Append(frame[..28]);
        crc.Append(frame[HeaderSize..]);
        return crc.GetCurrentHashAsUInt32();
    }

    public static bool TryReadHeader(ReadOnlySpan<byte> h, out SpoolRecordHeader header)
    {
        header = default;
        if (h.Length < HeaderSize || BinaryPrimitives.ReadUInt32LittleEndian(h) != Magic) return false;
        var kind = (SpoolRecordKind)h[4];
        if (kind is not (SpoolRecordKind.Message or SpoolRecordKind.State)) return false;
        var metaLength = BinaryPrimitives.ReadInt32LittleEndian(h[8..]);
        var bodyLength = BinaryPrimitives.ReadInt64LittleEndian(h[16..]);
        if (metaLength is < 0 or > 16 * 1024 * 1024 || bodyLength < 0) return false;
        header = new SpoolRecordHeader(kind, metaLength, bodyLength,
            BinaryPrimitives.ReadUInt32LittleEndian(h[24..]), BinaryPrimitives.ReadUInt32LittleEndian(h[28..]));
        return true;
    }

    public static bool MetaMatches(ReadOnlySpan<byte> headerBytes, ReadOnlySpan<byte> meta, uint expected)
    {
        var crc = new Crc32();
        crc.Append(headerBytes[..28]);
        crc.Append(meta);
        return crc.GetCurrentHashAsUInt32() == expected;
    }

    public static byte[] EncodeMessage(SpoolEnvelope m)
    {
        using var ms = new MemoryStream(256);
        using var w = new BinaryWriter(ms, Encoding.UTF8);
        w.Write(m.Id);
        w.Write(m.ReceivedAtMs);
        w.Write(m.ExpiresAtMs);
        w.Write(m.Sender);
        w.Write(m.ClientAddress);
        w.Write(m.Helo);
        w.Write(m.Size);
        w.Write(m.Recipients.Length);
        foreach (var r in m.Recipients)
        {
            w.Write(r.Address);
            w.Write(r.Domain);
            WriteState(w, r.State);
        }
        w.Flush();
        return ms.ToArray();
    }

    public static byte[] EncodeState(SpoolStates m)
    {
        using var ms = new MemoryStream(64);
        using var w = new BinaryWriter(ms, Encoding.UTF8);
        w.Write(m.Id);
        w.Write(m.ExpiresAtMs);
        w.Write(m.Recipients.Length);
        foreach (var r in m.Recipients) WriteState(w, r);
        w.Flush();
        return ms.ToArray();
    }

    private static void WriteState(BinaryWriter w, RecipientSnapshot r)
    {
        w.Write(r.State);
        w.Write(r.Attempts);
        w.Write(r.NextAttemptMs);
        var error = r.LastError ?? "";
        if (Encoding.UTF8.GetByteCount(error) > MaxErrorBytes) error = error[..Math.Min(error.Length, MaxErrorBytes / 4)];
        w.Write(error);
    }

    private static RecipientSnapshot ReadState(BinaryReader r)
    {
        var state = r.ReadByte();
        var attempts = r.ReadInt32();
        var next = r.ReadInt64();
        var error = r.ReadString();
        return new RecipientSnapshot(state, attempts, next, error.Length == 0 ? null : error);
    }

    public static SpoolEnvelope DecodeMessage(byte[] meta)
    {
        using var r = new BinaryReader(new MemoryStream(meta), Encoding.UTF8);
        var id = r.ReadUInt64();
        var received = r.ReadInt64();
        var expires = r.ReadInt64();
        var sender = r.ReadString();
        var client = r.ReadString();
        var helo = r.ReadString();
        var size = r.ReadInt64();
        var n = r.ReadInt32();
        var recipients = new SpoolRecipient[n];
        for (var i = 0; i < n; i++)
            recipients[i] = new SpoolRecipient(r.ReadString(), string.Intern(r.ReadString()), ReadState(r));
        return new SpoolEnvelope(id, received, expires, sender, client, helo, size, recipients);
    }

    public static SpoolStates DecodeState(byte[] meta)
    {
        using var r = new BinaryReader(new MemoryStream(meta), Encoding.UTF8);
        var id = r.ReadUInt64();
        var expires = r.ReadInt64();
        var n = r.ReadInt32();
        var states = new RecipientSnapshot[n];
        for (var i = 0; i < n; i++) states[i] = ReadState(r);
        return new SpoolStates(id, expires, states);
    }

    /// <summary>A recovered message with a later state record applied.</summary>
    public static SpoolEnvelope Apply(SpoolEnvelope m, SpoolStates states)
    {
        var recipients = m.Recipients;
        for (var i = 0; i < recipients.Length && i < states.Recipients.Length; i++)
            recipients[i] = recipients[i] with { State = states.Recipients[i] };
        return m with { ExpiresAtMs = states.ExpiresAtMs };
    }
}
