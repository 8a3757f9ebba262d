using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CoP.Functions.Http;

/// <summary>
/// Which client a request came from: its address (hashed into consent records) and the key the request limiter
/// counts it under. The one place that reads the client's address, so both agree and neither trusts a spoofed one.
/// </summary>
/// <remarks>
/// How the address reaches a function in Azure (Flex Consumption included): the platform's front end appends the
/// address it saw to <c>X-Forwarded-For</c>; earlier entries are whatever the client sent. The Functions host reads
/// the client's address from that last entry (reported behind Front Door: the worker sees Front Door's address, not
/// one the client wrote) and proxies the request to this worker over localhost with YARP, whose default transform
/// <em>sets</em> <c>X-Forwarded-For</c> to the host's idea of the client, dropping what came before. The worker's
/// ASP.NET Core integration then runs the forwarded-headers middleware (trusting loopback, one hop): it moves that
/// entry into <c>Connection.RemoteIpAddress</c> and removes it from the header. So a function sees the client's
/// address as the connection's remote address, and anything still in <c>X-Forwarded-For</c> came from further left,
/// from the client: the last entry a function sees is not the front end's and must not be trusted. It is read only
/// while the connection is still from loopback, i.e. while the local proxy's entry has not been consumed (the
/// middleware off, or a proxy in front of a local run).
/// </remarks>
public static class ClientAddresses
{
    /// <summary>The key of requests whose address is unknown (no connection address): they share one count.</summary>
    public const string UnknownKey = "unknown";

    // The longest entry a proxy writes: a bracketed IPv6 address with a zone and a port is well under this.
    private const int MaxEntryLength = 80;

    /// <summary>The client's address (an IPv4-mapped IPv6 address as IPv4), or null when unknown.</summary>
    public static IPAddress? From(HttpRequest request)
    {
        var connection = Normalize(request.HttpContext.Connection.RemoteIpAddress);
        if (connection is not null && IPAddress.IsLoopback(connection) && LastForwarded(request.Headers["X-Forwarded-For"]) is { } forwarded)
        {
            return forwarded;
        }

        return connection;
    }

    /// <summary>The key the request limiter counts the request's client under (see <see cref="KeyOf"/>).</summary>
    public static string LimitKey(HttpRequest request) => KeyOf(From(request));

    /// <summary>
    /// An IPv4 address as itself; an IPv6 address as its /64 prefix (e.g. <c>2001:db8:1:2::/64</c>), because one
    /// subscriber gets a whole /64 and can take a fresh address from it for every request.
    /// </summary>
    public static string KeyOf(IPAddress? address)
    {
        address = Normalize(address);
        if (address is null)
        {
            return UnknownKey;
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes) + "/64";
    }

    private static IPAddress? Normalize(IPAddress? address) =>
        address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;

    /// <summary>The last entry of the last X-Forwarded-For line, with or without a port; null when it is not an address.</summary>
    private static IPAddress? LastForwarded(StringValues headers)
    {
        var line = headers.Count == 0 ? null : headers[headers.Count - 1];
        if (string.IsNullOrEmpty(line))
        {
            return null;
        }

        var entry = line.AsSpan(line.LastIndexOf(',') + 1).Trim();
        if (entry.Length is 0 or > MaxEntryLength)
        {
            return null;
        }

        return IPEndPoint.TryParse(entry, out var endpoint) ? Normalize(endpoint.Address)
            : IPAddress.TryParse(entry, out var address) ? Normalize(address)
            : null;
    }
}
