using System.Net;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Http;

/// <summary>Where a request came from, for consent records (the IP is hashed before it is stored).</summary>
public static class RequestOrigins
{
    public static RequestOrigin From(HttpRequest request, string channel)
    {
        // Behind the Functions front end the client's address arrives in X-Forwarded-For. The front end
        // appends it, so the last entry is the one it saw; earlier entries are whatever the client sent.
        var forwarded = request.Headers["X-Forwarded-For"].ToString().Split(',')[^1].Trim();
        var address = IPEndPoint.TryParse(forwarded, out var endpoint) ? endpoint.Address
            : IPAddress.TryParse(forwarded, out var ip) ? ip
            : request.HttpContext.Connection.RemoteIpAddress;
        return new RequestOrigin(address, channel);
    }
}
