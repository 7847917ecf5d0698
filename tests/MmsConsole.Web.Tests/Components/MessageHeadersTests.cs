using System.Text;
using MmsConsole.Web.Components.Pages.Queue;
using MmsGateway.Relay.Mail;

namespace MmsConsole.Web.Tests.Components;

public sealed class MessageHeadersTests
{
    private static async Task<IReadOnlyList<(string Name, string Value)>> Read(string text) =>
        (await SpooledHeaders.ReadAsync(new MemoryStream(Encoding.Latin1.GetBytes(text)))).ToList();

    [Fact]
    public async Task The_drawer_says_which_TLS_the_message_came_over_from_our_own_Received_header()
    {
        var tls = await Read("Received: from mmsc ([127.0.0.1])\r\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384)\r\n\tby gw with ESMTPS id X;\r\n\tdate\r\nSubject: s\r\n\r\nbody\r\n");
        var plain = await Read("Received: from mmsc ([127.0.0.1])\r\n\tby gw with ESMTP id X;\r\n\tdate\r\nReceived: from a (using TLSv1.2 with cipher X) by b\r\n\r\n");

        Assert.Equal("TLSv1.3", MessageHeaders.Tls(tls));
        Assert.Equal("none", MessageHeaders.Tls(plain));   // an earlier hop's TLS is not ours
    }
}
