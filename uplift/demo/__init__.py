"""The demo organisation that `uplift demo` sets up, step by step.

Each capability adds its own steps in `uplift.<app>.demo` (see `steps.CAPABILITY_DEMO_MODULES`),
seeding its history through the same
services that people use, so every page has meaningful content from the first start.
"""
