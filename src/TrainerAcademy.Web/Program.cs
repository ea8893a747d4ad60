using TrainerAcademy.Auth;
using TrainerAcademy.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddAcademy();

var app = builder.Build();

if (AdminCommand.IsRequested(args))
    return await AdminCommand.RunAsync(app, args);

await app.PrepareDatabaseAsync();
app.UseAcademy();
app.Run();
return 0;

/// <summary>The entry point, visible to the integration tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
