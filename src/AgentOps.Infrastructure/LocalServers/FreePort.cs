using System.Net;
using System.Net.Sockets;

namespace AgentOps.Infrastructure.LocalServers;

/// <summary>Finds free TCP ports on the loopback interface.</summary>
public static class FreePort
{
    /// <summary>Returns a port that was free on 127.0.0.1 a moment ago.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Waits until something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    /// <exception cref="TimeoutException">Nothing listened within <paramref name="timeout"/>.</exception>
    public static async Task WaitForListenerAsync(int port, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                throw new TimeoutException($"Nothing listened on 127.0.0.1:{port} within {timeout.TotalSeconds:0} s.", ex);
            }
        }
    }
}
