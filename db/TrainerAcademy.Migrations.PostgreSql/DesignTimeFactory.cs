using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using TrainerAcademy.Data;

namespace TrainerAcademy.Migrations.PostgreSql;

/// <summary>Lets `dotnet ef` build the model for PostgreSql without starting the web app (and without a server).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AcademyDbContext>
{
    public AcademyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AcademyDbContext>()
            .UseAcademyDatabase(DatabaseProvider.PostgreSql, "Host=localhost;Database=trainer_academy;Username=postgres")
            .Options);
}
