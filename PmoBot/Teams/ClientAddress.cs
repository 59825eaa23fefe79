using System.Net;
using System.Net.Sockets;

namespace PmoBot.Teams;

/// <summary>The address a request came from, as refusals are logged and counted by.</summary>
public static class ClientAddress
{
    public static string Display(HttpContext context) => Normalise(context.Connection.RemoteIpAddress)?.ToString() ?? "an unknown address";

    /// <summary>
    /// IPv4 addresses count one by one; IPv6 addresses by their /64 network, because one host is usually given a
    /// whole /64 and could otherwise take a fresh address for every request.
    /// </summary>
    public static string PartitionKey(HttpContext context)
    {
        var address = Normalise(context.Connection.RemoteIpAddress);
        if (address is null)
        {
            return "unknown";
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static IPAddress? Normalise(IPAddress? address) => address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
}
