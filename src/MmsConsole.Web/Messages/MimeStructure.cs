using MimeKit;

namespace MmsConsole.Web.Messages;

/// <summary>A queued message's MIME structure: an MMS is a multipart/related of a SMIL presentation, text
/// and media (3GPP TS 23.140 §8.4.1; OMA MMS encapsulation). Parsed from the spool, never changed.</summary>
public static class MimeStructure
{
    public const int TextLimit = 8 * 1024;

    /// <summary>Images the console shows inline. Never SVG: it is a document that can carry script.</summary>
    public static readonly IReadOnlySet<string> InlineImages = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { "image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp" };

    public static async Task<IReadOnlyList<MimeNode>> ReadAsync(Stream message, CancellationToken ct = default)
    {
        var parsed = await MimeMessage.LoadAsync(message, ct);
        var nodes = new List<MimeNode>();
        var index = 0;
        Walk(parsed.Body, 0, nodes, ref index);
        return nodes;
    }

    /// <summary>The decoded content of the part at <paramref name="index"/> and its content type, or null.</summary>
    public static async Task<(byte[] Content, string ContentType, string? FileName)?> PartAsync(Stream message, int index, CancellationToken ct = default)
    {
        var parsed = await MimeMessage.LoadAsync(message, ct);
        var i = 0;
        var entity = Find(parsed.Body, index, ref i);
        if (entity is not MimePart { Content: not null } part) return null;
        using var buffer = new MemoryStream();
        await part.Content.DecodeToAsync(buffer, ct);
        return (buffer.ToArray(), part.ContentType.MimeType, part.FileName);
    }

    private static void Walk(MimeEntity? entity, int depth, List<MimeNode> nodes, ref int index)
    {
        if (entity is null) return;
        var type = entity.ContentType.MimeType;
        switch (entity)
        {
            case Multipart multipart:
                nodes.Add(new MimeNode(index++, depth, type, null, entity.ContentId, null, null, false, false));
                foreach (var child in multipart) Walk(child, depth + 1, nodes, ref index);
                break;
            case MessagePart rfc822:
                nodes.Add(new MimeNode(index++, depth, type, null, entity.ContentId, null, null, false, false));
                Walk(rfc822.Message?.Body, depth + 1, nodes, ref index);
                break;
            case MimePart part:
                using (var decoded = new MemoryStream())
                {
                    part.Content?.DecodeTo(decoded);
                    string? text = null;
                    var truncated = false;
                    if (part is TextPart t || type.Equals("application/smil", StringComparison.OrdinalIgnoreCase))
                    {
                        var all = part is TextPart tp ? tp.Text : System.Text.Encoding.UTF8.GetString(decoded.ToArray());
                        truncated = all.Length > TextLimit;
                        text = truncated ? all[..TextLimit] : all;
                    }
                    nodes.Add(new MimeNode(index++, depth, type, part.FileName, entity.ContentId, decoded.Length, text, InlineImages.Contains(type), truncated));
                }
                break;
            default:
                nodes.Add(new MimeNode(index++, depth, type, null, entity.ContentId, null, null, false, false));
                break;
        }
    }

    private static MimeEntity? Find(MimeEntity? entity, int target, ref int index)
    {
        if (entity is null) return null;
        if (index++ == target) return entity;
        IEnumerable<MimeEntity> children = entity switch
        {
            Multipart m => m,
            MessagePart { Message.Body: { } body } => [body],
            _ => [],
        };
        foreach (var child in children)
            if (Find(child, target, ref index) is { } found) return found;
        return null;
    }
}
