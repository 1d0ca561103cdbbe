// Dates in tests are UTC unless a test says otherwise; the api is told it runs under test.
process.env.TZ = 'UTC';
process.env.NODE_ENV = 'test';
