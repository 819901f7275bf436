"""The demo organisation that `uplift demo` sets up, step by step.

Each capability adds its own steps in `uplift.demo.<app label>` (found by
`steps.capability_demo_modules`), seeding its history through the same services that people use,
so every page has meaningful content from the first start. The demo imports the apps; no app
imports the demo.
"""
