using System.Net;
using System.Net.Sockets;
using CoP.Shared.Hosting;

namespace CoP.Shared.Webhooks;

/// <summary>
/// Where webhooks may point (against server-side request forgery). In Azure: https on port 443 only, and never an address
/// inside a network (loopback, private, carrier-grade NAT, link-local with the instance metadata service, Azure's platform
/// address 168.63.129.16, unique-local, unspecified, multicast, broadcast, documentation, benchmarking, reserved,
/// discard, NAT64 local-use, Teredo; and those written as IPv4-mapped, 6to4 or NAT64 IPv6): checked when a webhook is created
/// (a literal address, or every address its name resolves to) AND when each delivery connects
/// (<see cref="ConnectAsync"/>, the address actually dialled), so that a name re-pointed after creation (DNS rebinding)
/// is refused too. Redirects are never followed. Elsewhere (Core Tools, the tests) every target is allowed, http and any port too.
/// </summary>
public sealed class WebhookTargetPolicy(HostingEnvironment hosting)
{
    private static readonly byte[] Nat64Prefix = [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] Nat64LocalPrefix = [0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01];
    private static readonly byte[] DiscardPrefix = [0x01, 0x00, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] TeredoPrefix = [0x20, 0x01, 0x00, 0x00];

    public const string RefusedTarget = "The URL points to an address inside a network (loopback, private, link-local or reserved); webhooks must reach a public address.";

    public const string RefusedPort = "The URL must use port 443 (the https default).";

    /// <summary>Whether targets are restricted (in Azure).</summary>
    public bool Restricts => hosting.RunsInAzure;

    /// <summary>What is wrong with <paramref name="url"/> by its form alone (scheme, literal address); null when nothing.</summary>
    public string? CheckForm(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme != Uri.UriSchemeHttps && (Restricts || url.Scheme != Uri.UriSchemeHttp))
        {
            return Restricts ? "The URL must use https." : "The URL must use https (or http, outside Azure).";
        }

        if (Restricts && url.Port != 443)
        {
            return RefusedPort;
        }

        return Restricts && IPAddress.TryParse(url.DnsSafeHost, out var address) && IsRefused(address) ? RefusedTarget : null;
    }

    /// <summary>What is wrong with <paramref name="url"/>, its name resolved (in Azure); null when nothing.</summary>
    public async Task<string?> CheckAsync(Uri url, CancellationToken cancellationToken = default)
    {
        if (CheckForm(url) is { } problem)
        {
            return problem;
        }

        if (!Restricts)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(url.DnsSafeHost, cancellationToken);
        }
        catch (SocketException)
        {
            return "The URL's host name could not be resolved.";
        }

        return addresses.Length == 0 ? "The URL's host name could not be resolved." : addresses.Any(IsRefused) ? RefusedTarget : null;
    }

    /// <summary>
    /// The <see cref="SocketsHttpHandler.ConnectCallback"/> of the webhook client: resolves the host and connects only to
    /// an address the policy allows; with none left, the attempt fails as a connection failure.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Restricts && context.DnsEndPoint.Port != 443)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, RefusedPort);
        }

        var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = Restricts ? addresses.Where(a => !IsRefused(a)).ToArray() : addresses;
        if (allowed.Length == 0)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, RefusedTarget);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Whether <paramref name="address"/> lies in a range that webhooks in Azure may not reach.</summary>
    public static bool IsRefused(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return IsRefused(address.MapToIPv4());
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] is 0 or 10 or 127 or >= 224 // "this network", private, loopback, multicast, reserved and broadcast
                || (b[0] == 100 && b[1] is >= 64 and <= 127) // carrier-grade NAT
                || (b[0] == 169 && b[1] == 254) // link-local, the instance metadata service among them
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 168 && b[1] == 63 && b[2] == 129 && b[3] == 16) // Azure's platform address (DNS, health, wire server)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) // IETF protocol assignments, documentation
                || (b[0] == 198 && b[1] == 51 && b[2] == 100) || (b[0] == 203 && b[1] == 0 && b[2] == 113) // documentation
                || (b[0] == 198 && b[1] is 18 or 19); // benchmarking
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return true;
        }

        var bytes = address.GetAddressBytes();
        if (bytes.AsSpan(0, 12).SequenceEqual(Nat64Prefix))
        {
            return IsRefused(new IPAddress(bytes.AsSpan(12, 4)));
        }

        if (bytes[0] == 0x20 && bytes[1] == 0x02)
        {
            return IsRefused(new IPAddress(bytes.AsSpan(2, 4))); // 6to4 2002::/16 carries the IPv4 address it reaches
        }

        return IPAddress.IsLoopback(address)
            || address.Equals(IPAddress.IPv6None)
            || bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 // IPv4-compatible (deprecated) and the unspecified address
            || bytes.AsSpan(0, 6).SequenceEqual(Nat64LocalPrefix) // NAT64 local-use 64:ff9b:1::/48
            || bytes.AsSpan(0, 8).SequenceEqual(DiscardPrefix) // discard 100::/64
            || bytes.AsSpan(0, 4).SequenceEqual(TeredoPrefix) // Teredo 2001::/32: its embedded addresses are obfuscated, refused outright
            || (bytes[0] & 0xFE) == 0xFC // unique-local fc00::/7
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast;
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
}
