using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Http;

/// <summary>Where a request came from, for consent records (the IP is hashed before it is stored).</summary>
public static class RequestOrigins
{
    public static RequestOrigin From(HttpRequest request, string channel) => new(ClientAddresses.From(request), channel);
}
