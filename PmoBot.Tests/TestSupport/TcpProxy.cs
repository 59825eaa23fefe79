using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace PmoBot.Tests.TestSupport;

/// <summary>
/// A TCP proxy in front of one port (an Azurite service) that can be made to refuse connections for a while, as a
/// storage account does when it becomes unreachable: while refusing, the listening socket is closed (new connections
/// are refused) and every open connection is cut. It can also be made to stall, as a storage account that accepts
/// connections but answers nothing: bytes are taken in and held until <see cref="Flow"/>.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly int targetPort;
    private readonly ConcurrentDictionary<TcpClient, byte> open = new();
    private readonly CancellationTokenSource disposed = new();
    private readonly Lock gate = new();
    private TcpListener? listener;
    private TaskCompletionSource flowing = Flowing();

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

    /// <summary>Holds every byte in either direction, on open and new connections, until <see cref="Flow"/>.</summary>
    public void Stall()
    {
        lock (gate)
        {
            if (flowing.Task.IsCompleted)
            {
                flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Lets bytes through again. Connections open while stalled are cut first, so what they held is never delivered late.</summary>
    public void Flow()
    {
        foreach (var client in open.Keys)
        {
            Close(client);
        }

        lock (gate)
        {
            flowing.TrySetResult();
        }
    }

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
            await Task.WhenAny(CopyAsync(down, up), CopyAsync(up, down));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // Cut by Refuse, or closed by either side.
        }
        finally
        {
            Close(client);
            Close(upstream);
        }
    }

    private async Task CopyAsync(Stream from, Stream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, disposed.Token)) > 0)
            {
                Task flows;
                lock (gate)
                {
                    flows = flowing.Task;
                }

                await flows.WaitAsync(disposed.Token);
                await to.WriteAsync(buffer.AsMemory(0, read), disposed.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Cut by Refuse, disposed, or closed by either side.
        }
    }

    private static TaskCompletionSource Flowing()
    {
        var flows = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        flows.SetResult();
        return flows;
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
