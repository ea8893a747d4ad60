#:project ../src/TrainerAcademy.Core/TrainerAcademy.Core.csproj
// Checks a certificate's verification code offline: the published keys (the JWK set saved from
// /.well-known/trainer-academy/keys.json), the code printed on the certificate, and its facts as JSON (the shape
// GET /api/certificates/{id} gives the holder). Exit code 0 when the code signs exactly these facts, 1 otherwise.
//   dotnet run tools/verify-certificate.cs -- keys.json "<code>" certificate.json
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using TrainerAcademy.Domain.Certificates;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: dotnet run tools/verify-certificate.cs -- <keys.json> <code> <certificate.json>");
    return 2;
}
var code = VerificationCode.Parse(args[1]);
if (code is null)
{
    Console.WriteLine("not a verification code");
    return 1;
}
using var keys = JsonDocument.Parse(File.ReadAllText(args[0]));
var jwk = keys.RootElement.GetProperty("keys").EnumerateArray().FirstOrDefault(k => k.GetProperty("kid").GetString() == code.KeyId);
if (jwk.ValueKind != JsonValueKind.Object)
{
    Console.WriteLine($"key {code.KeyId} is not in the key set");
    return 1;
}
using var key = ECDsa.Create(new ECParameters
{
    Curve = ECCurve.NamedCurves.nistP256,
    Q = new ECPoint { X = Base64Url.DecodeFromChars(jwk.GetProperty("x").GetString()), Y = Base64Url.DecodeFromChars(jwk.GetProperty("y").GetString()) },
});
using var certificate = JsonDocument.Parse(File.ReadAllText(args[2]));
var c = certificate.RootElement;
string Text(string name) => c.GetProperty(name).GetString() ?? "";
var facts = new CertificateFacts(Text("number"), Text("name"), Text("idType"), Text("idNumber"), Text("occupation"),
    c.TryGetProperty("direction", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
    c.GetProperty("level").GetInt32(), Text("levelName"), Text("organisation"), DateOnly.Parse(Text("issuedOn"), CultureInfo.InvariantCulture));
var valid = code.Verifies(facts, key);
Console.WriteLine(valid ? $"valid: {facts.Number} signed by key {code.KeyId}" : "NOT valid: the code does not sign these facts");
return valid ? 0 : 1;
