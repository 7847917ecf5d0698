using Microsoft.AspNetCore.SignalR.Client;

namespace MmsGateway.Bench;

/// <summary>N open dashboards, as far as the relay can tell: N SignalR clients on /hubs/gateway taking
/// the per-second "stats" push (and with --follow the per-second "deliveries" batch as well). bench/hub.py runs the relay benchmark with and without them.
/// Prints "connected N" once all are up, and the counts received when stdin closes or time runs out.</summary>
internal static class HubClients
{
    public static async Task<int> RunAsync(string[] args)
    {
        var url = Arg(args, "--url") ?? "http://127.0.0.1:5099/hubs/gateway";
        var clients = int.Parse(Arg(args, "--clients") ?? "50");
        var seconds = int.Parse(Arg(args, "--seconds") ?? "900");
        var token = Arg(args, "--token");
        var follow = args.Contains("--follow");
        long stats = 0, deliveries = 0;
        var connections = new List<HubConnection>();
        for (var i = 0; i < clients; i++)
        {
            var c = new HubConnectionBuilder().WithUrl(url, o => o.AccessTokenProvider = () => Task.FromResult(token)).Build();
            c.On<object>("stats", _ => Interlocked.Increment(ref stats));
            c.On<System.Text.Json.JsonElement>("deliveries", batch => Interlocked.Add(ref deliveries, batch.GetProperty("lines").GetArrayLength()));
            await c.StartAsync();
            // A dashboard takes "stats" only; --follow makes every client a delivery-log tail too (the worst case).
            if (follow) await c.InvokeAsync("FollowDeliveries");
            connections.Add(c);
        }
        Console.WriteLine($"connected {clients}");
        var stdinClosed = Task.Run(() => { while (Console.In.ReadLine() is not null) { } });
        await Task.WhenAny(stdinClosed, Task.Delay(TimeSpan.FromSeconds(seconds)));
        Console.WriteLine($"received stats={Interlocked.Read(ref stats)} delivery lines={Interlocked.Read(ref deliveries)} over {clients} clients; " +
            $"the clients' own CPU {System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:0.0} s");
        foreach (var c in connections) await c.DisposeAsync();
        return 0;
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
