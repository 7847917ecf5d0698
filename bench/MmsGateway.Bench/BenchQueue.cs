using System.Buffers;
using System.Text;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Spool;

namespace MmsGateway.Bench;

/// <summary>Fills a queue through the real intake (spool commit with fsync, then the index), without
/// SMTP: one small MM4 forward per message, one recipient each, 1,024 commits in flight.</summary>
internal static class BenchQueue
{
    private static readonly byte[] Body =
        Encoding.ASCII.GetBytes("Received: from bench\r\nTo: +4512345678/TYPE=PLMN\r\nX-Mms-Message-Type: MM4_forward.REQ\r\n\r\nbody\r\n");

    /// <param name="domainOf">The destination of the i-th message.</param>
    public static async Task FillAsync(QueueIntake intake, int count, Func<int, string> domainOf)
    {
        using var gate = new SemaphoreSlim(1024);
        var tasks = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            await gate.WaitAsync();
            tasks.Add(One(i));
        }
        await Task.WhenAll(tasks);

        async Task One(int i)
        {
            try
            {
                var m = new QueuedMessage(intake.NextId(), intake.Clock.GetUtcNow().ToUnixTimeMilliseconds(),
                    "+4587654321/TYPE=PLMN@mms.mnc001.mcc238.gprs", "127.0.0.1", "mmsc.mnc001.mcc238.gprs", Body.Length);
                var domain = domainOf(i);
                m.SetRecipients([($"+45{30000000 + i}/TYPE=PLMN@{domain}", DomainNames.Share(domain))]);
                var buffer = new MessageBuffer();
                buffer.Write(Body);
                await intake.AcceptAsync(m, buffer);
            }
            finally { gate.Release(); }
        }
    }
}
