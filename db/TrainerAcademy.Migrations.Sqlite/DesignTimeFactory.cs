using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using TrainerAcademy.Data;

namespace TrainerAcademy.Migrations.Sqlite;

/// <summary>Lets `dotnet ef` build the model for Sqlite without starting the web app (and without a server).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AcademyDbContext>
{
    public AcademyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AcademyDbContext>()
            .UseAcademyDatabase(DatabaseProvider.Sqlite, "Data Source=design-time.db")
            .Options);
}
