using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace PmoBot.Tests.TestSupport;

/// <summary>
/// A TCP proxy in front of one port (an Azurite service) that can be made to refuse connections for a while, as a
/// storage account does when it becomes unreachable: while refusing, the listening socket is closed (new connections
/// are refused) and every open connection is cut.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly int targetPort;
    private readonly ConcurrentDictionary<TcpClient, byte> open = new();
    private readonly CancellationTokenSource disposed = new();
    private readonly Lock gate = new();
    private TcpListener? listener;

    private TcpProxy(int port, int targetPort)
    {
        Port = port;
        this.targetPort = targetPort;
    }

    public int Port { get; }

    public static TcpProxy Start(int targetPort)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var proxy = new TcpProxy(port, targetPort);
        proxy.Listen();
        return proxy;
    }

    /// <summary>Refuses every connection until <see cref="Accept"/>, and cuts the open ones now.</summary>
    public void Refuse()
    {
        lock (gate)
        {
            listener?.Stop();
            listener = null;
        }

        foreach (var client in open.Keys)
        {
            Close(client);
        }
    }

    public void Accept() => Listen();

    public ValueTask DisposeAsync()
    {
        disposed.Cancel();
        Refuse();
        disposed.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Listen()
    {
        lock (gate)
        {
            if (listener is not null)
            {
                return;
            }

            var started = new TcpListener(IPAddress.Loopback, Port);
            started.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            started.Start();
            listener = started;
            _ = AcceptLoopAsync(started);
        }
    }

    private async Task AcceptLoopAsync(TcpListener from)
    {
        while (!disposed.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await from.AcceptTcpClientAsync(disposed.Token);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }

            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        open[client] = 0;
        open[upstream] = 0;
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, targetPort);
            var down = client.GetStream();
            var up = upstream.GetStream();
            await Task.WhenAny(down.CopyToAsync(up), up.CopyToAsync(down));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Cut by Refuse, or closed by either side.
        }
        finally
        {
            Close(client);
            Close(upstream);
        }
    }

    private void Close(TcpClient client)
    {
        open.TryRemove(client, out _);
        try
        {
            // Reset rather than closed: the other side sees the connection cut, as when a network path goes away.
            if (client.Client is { } socket)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        client.Dispose();
    }
}
