using System.Text;
using MmsConsole.Web.Messages;

namespace MmsConsole.Web.Tests.Messages;

/// <summary>An MMS as MM4 carries it: multipart/related with a SMIL presentation, a text and a picture.</summary>
public sealed class MimeStructureTests
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private static MemoryStream Mms() => new(Encoding.ASCII.GetBytes(
        "X-Mms-Message-Type: MM4_forward.REQ\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: multipart/related; type=\"application/smil\"; start=\"<smil>\"; boundary=\"b1\"\r\n\r\n" +
        "--b1\r\nContent-Type: application/smil\r\nContent-ID: <smil>\r\n\r\n<smil><body><par><img src=\"cid:pic\"/><text src=\"cid:txt\"/></par></body></smil>\r\n" +
        "--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-ID: <txt>\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHej fra K=C3=B8benhavn\r\n" +
        "--b1\r\nContent-Type: image/png; name=\"pic.png\"\r\nContent-ID: <pic>\r\nContent-Disposition: inline; filename=\"pic.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
        Convert.ToBase64String(Png) + "\r\n--b1--\r\n"));

    [Fact]
    public async Task The_tree_lists_each_part_with_its_type_size_and_the_smil_and_text_readable()
    {
        var nodes = await MimeStructure.ReadAsync(Mms());

        Assert.Equal(["multipart/related", "application/smil", "text/plain", "image/png"], nodes.Select(n => n.ContentType));
        Assert.Equal([0, 1, 1, 1], nodes.Select(n => n.Depth));
        Assert.Contains("<img src=\"cid:pic\"/>", nodes[1].Text);
        Assert.Equal("Hej fra København", nodes[2].Text!.Trim());
        Assert.Equal(("pic.png", "pic", (long?)Png.Length, true), (nodes[3].FileName, nodes[3].ContentId, nodes[3].Size, nodes[3].IsImage));
        Assert.Null(nodes[3].Text);
    }

    [Fact]
    public async Task A_part_is_served_decoded_by_its_index()
    {
        var part = await MimeStructure.PartAsync(Mms(), 3);

        Assert.NotNull(part);
        Assert.Equal(Png, part.Value.Content);
        Assert.Equal("image/png", part.Value.ContentType);
        Assert.Null(await MimeStructure.PartAsync(Mms(), 0));    // a multipart has no content of its own
        Assert.Null(await MimeStructure.PartAsync(Mms(), 9));
    }

    [Fact]
    public void Svg_is_never_an_inline_image()
    {
        Assert.DoesNotContain("image/svg+xml", MimeStructure.InlineImages);
    }
}
