namespace MmsConsole.Web.Messages;

/// <summary>One entity of a message's MIME tree as the drawer shows it.</summary>
/// <param name="Index">Its position in a depth-first walk: the part's address for /api/queue/{id}/parts/{index}.</param>
/// <param name="Size">Decoded bytes of a leaf part; null for a multipart.</param>
/// <param name="Text">The start of a text or SMIL part, decoded (at most <see cref="MimeStructure.TextLimit"/> characters).</param>
public sealed record MimeNode(int Index, int Depth, string ContentType, string? FileName, string? ContentId, long? Size, string? Text, bool IsImage, bool Truncated);
