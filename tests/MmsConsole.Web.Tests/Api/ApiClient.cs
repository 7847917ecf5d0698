using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MmsConsole.Web.Tests.Api;

/// <summary>JSON as the API writes it (camelCase, enums as names).</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static Task<HttpResponseMessage> Post(this HttpClient http, string url, object body) => http.PostAsJsonAsync(url, body, Options);

    public static Task<HttpResponseMessage> Put(this HttpClient http, string url, object body) => http.PutAsJsonAsync(url, body, Options);

    public static async Task<JsonElement> Json(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Options));

    public static async Task<JsonElement> GetJson(this HttpClient http, string url) =>
        await (await http.GetAsync(url)).EnsureSuccessStatusCode().Json();
}
