using System.Net;
using System.Net.Sockets;
using CoP.Shared.Hosting;

namespace CoP.Shared.Webhooks;

/// <summary>
/// Where webhooks may point (against server-side request forgery). In Azure: https only, and never an address inside a
/// network (loopback, private, carrier-grade NAT, link-local with the instance metadata service, unique-local,
/// unspecified, multicast, reserved; and those written as IPv4-mapped or NAT64 IPv6): checked when a webhook is created
/// (a literal address, or every address its name resolves to) AND when each delivery connects
/// (<see cref="ConnectAsync"/>, the address actually dialled), so that a name re-pointed after creation (DNS rebinding)
/// is refused too. Redirects are never followed. Elsewhere (Core Tools, the tests) every target is allowed, http too.
/// </summary>
public sealed class WebhookTargetPolicy(HostingEnvironment hosting)
{
    private static readonly byte[] Nat64Prefix = [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0];

    public const string RefusedTarget = "The URL points to an address inside a network (loopback, private, link-local or reserved); webhooks must reach a public address.";

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
                || (b[0] == 192 && b[1] == 0 && b[2] == 0) // IETF protocol assignments
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

        return IPAddress.IsLoopback(address)
            || address.Equals(IPAddress.IPv6None)
            || bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 // IPv4-compatible (deprecated) and the unspecified address
            || (bytes[0] & 0xFE) == 0xFC // unique-local fc00::/7
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast;
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
}
