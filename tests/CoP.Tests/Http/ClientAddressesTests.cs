using System.Diagnostics;
using System.Net;
using CoP.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace CoP.Tests.Http;

/// <summary>
/// Which client a request came from. In Azure the worker's forwarded-headers middleware has already moved the
/// platform's entry of X-Forwarded-For into the connection's address; a connection from loopback means a local proxy
/// whose entry is still in the header.
/// </summary>
public sealed class ClientAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1", "203.0.113.9", "203.0.113.9")]
    [InlineData("127.0.0.1", "6.6.6.6, 7.7.7.7,203.0.113.9", "203.0.113.9")]
    [InlineData("127.0.0.1", "6.6.6.6, 203.0.113.9:5678", "203.0.113.9")]
    [InlineData("::1", "6.6.6.6, [2001:db8:1:2::1]:443", "2001:db8:1:2::/64")]
    [InlineData("::1", "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("::ffff:127.0.0.1", "::ffff:203.0.113.9", "203.0.113.9")]
    [InlineData("127.0.0.1", "[::ffff:203.0.113.9]:8080", "203.0.113.9")]
    [InlineData("127.0.0.1", "fe80::1%3", "fe80::/64")]
    public void KeyIsTheLastForwardedEntryWhileALocalProxyForwardsTheRequest(string connection, string forwardedFor, string key)
    {
        var request = Request(connection, forwardedFor);

        Assert.Equal(key, ClientAddresses.LimitKey(request));
    }

    [Theory]
    [InlineData("198.51.100.20", "6.6.6.6", "198.51.100.20")]
    [InlineData("198.51.100.20", "127.0.0.1, 6.6.6.6:80", "198.51.100.20")]
    [InlineData("2001:db8:5:6::9", "203.0.113.9", "2001:db8:5:6::/64")]
    [InlineData("::ffff:198.51.100.20", "6.6.6.6", "198.51.100.20")]
    public void SpoofedForwardedEntriesAreIgnoredOnceTheConnectionIsTheClient(string connection, string forwardedFor, string key)
    {
        var request = Request(connection, forwardedFor);

        Assert.Equal(key, ClientAddresses.LimitKey(request));
    }

    [Fact]
    public void AddressesOfOneSlash64ShareAKeyAndOtherPrefixesDoNot()
    {
        var first = ClientAddresses.KeyOf(IPAddress.Parse("2001:db8:aa:bb:1:2:3:4"));
        var sameSubnet = ClientAddresses.KeyOf(IPAddress.Parse("2001:db8:aa:bb:ffff:ffff:ffff:ffff"));
        var nextSubnet = ClientAddresses.KeyOf(IPAddress.Parse("2001:db8:aa:bc:1:2:3:4"));

        Assert.Equal("2001:db8:aa:bb::/64", first);
        Assert.Equal(first, sameSubnet);
        Assert.NotEqual(first, nextSubnet);
    }

    [Fact]
    public void Ipv4AddressesAreKeyedOneByOne()
    {
        Assert.NotEqual(ClientAddresses.KeyOf(IPAddress.Parse("203.0.113.9")), ClientAddresses.KeyOf(IPAddress.Parse("203.0.113.10")));
        Assert.Equal("203.0.113.9", ClientAddresses.KeyOf(IPAddress.Parse("::ffff:203.0.113.9")));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(",")]
    [InlineData("203.0.113.9, ")]
    [InlineData("unknown")]
    [InlineData("_hidden")]
    [InlineData("203.0.113.9:99999")]
    [InlineData("[2001:db8::1")]
    [InlineData("2001:db8::1]:443")]
    [InlineData("203.0.113.9; drop table")]
    [InlineData("203.0.113.9\u0000")]
    [InlineData("<script>alert(1)</script>")]
    public void HostileForwardedValuesFallBackToTheConnection(string forwardedFor)
    {
        var request = Request("127.0.0.1", forwardedFor);

        Assert.Equal("127.0.0.1", ClientAddresses.LimitKey(request));
    }

    [Fact]
    public void AnEntryLongerThanAnyAddressIsNotParsed()
    {
        var request = Request("127.0.0.1", "203.0.113.9, fe80::1%" + new string('a', 100));

        Assert.Equal("127.0.0.1", ClientAddresses.LimitKey(request));
    }

    [Fact]
    public void SpacesAroundTheLastEntryAreIgnored()
    {
        var request = Request("127.0.0.1", "6.6.6.6, " + new string(' ', 100) + "203.0.113.10" + new string(' ', 100));

        Assert.Equal("203.0.113.10", ClientAddresses.LimitKey(request));
    }

    [Fact]
    public void AHugeForwardedHeaderIsReadFromItsEndOnly()
    {
        var header = string.Join(", ", Enumerable.Repeat("6.6.6.6", 200_000)) + ", 203.0.113.9";
        var request = Request("127.0.0.1", header);
        var clock = Stopwatch.StartNew();

        var key = ClientAddresses.LimitKey(request);

        Assert.Equal("203.0.113.9", key);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public void TheLastOfSeveralForwardedLinesCounts()
    {
        var request = Request("127.0.0.1", "6.6.6.6", "7.7.7.7, 203.0.113.9");

        Assert.Equal("203.0.113.9", ClientAddresses.LimitKey(request));
    }

    [Fact]
    public void RequestsWithoutAnyAddressShareTheUnknownKey()
    {
        Assert.Equal(ClientAddresses.UnknownKey, ClientAddresses.LimitKey(Request(null)));
        Assert.Equal(ClientAddresses.UnknownKey, ClientAddresses.LimitKey(Request(null, "203.0.113.9")));
    }

    [Fact]
    public void ConsentRecordsUseTheSameAddressAsTheLimiter()
    {
        var forwarded = Request("127.0.0.1", "6.6.6.6, 203.0.113.9:5678");
        var spoofed = Request("198.51.100.20", "6.6.6.6");

        Assert.Equal(IPAddress.Parse("203.0.113.9"), RequestOrigins.From(forwarded, "api").ClientIp);
        Assert.Equal(IPAddress.Parse("198.51.100.20"), RequestOrigins.From(spoofed, "api").ClientIp);
    }

    private static HttpRequest Request(string? connection, params string[] forwardedFor)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = connection is null ? null : IPAddress.Parse(connection);
        foreach (var line in forwardedFor)
        {
            context.Request.Headers.Append("X-Forwarded-For", line);
        }

        return context.Request;
    }
}
